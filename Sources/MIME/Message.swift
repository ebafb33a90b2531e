public enum MIMEPlaceholder {}
