// The routing types the configuration files describe (rules, agents, teams, [classification], agents' away
// days) belong to Routing, which decides with them; whoever reads the configuration sees them through Config.
@_exported import struct Routing.AgentDefinition
@_exported import struct Routing.CalendarDay
@_exported import struct Routing.ClassificationSettings
@_exported import struct Routing.RuleDefinition
@_exported import struct Routing.TeamDefinition
