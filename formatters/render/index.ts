/** Pure renderers of a Summary into the text forms the bots send. */
export * from "./terminal.js";
export * from "./irc.js";
export * from "./mastodon.js";
export * from "./matrix.js";
