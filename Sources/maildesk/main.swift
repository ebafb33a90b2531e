print("maildesk")
