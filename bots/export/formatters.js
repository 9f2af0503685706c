// `fedmsg-echo/formatters`: the formatter library, which is its own package (formatters/, published
// as fedmsg-echo-formatters); kept as an entry point so that existing imports keep working.
export * from "fedmsg-echo-formatters";
