export * from "fedmsg-echo-formatters";
