# fedmsg-echo: one image, one bot per container (the command picks it: irc or mastodon).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bots bots
COPY formatters formatters
COPY config config
RUN npm ci && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/config config
# The live page's HTML, CSS and script (fedmsg-echo web); tsc does not copy them into dist/.
COPY --from=build /app/bots/web/static bots/web/static
COPY package.json ./
USER node
ENV FEDMSG_ECHO_CONFIG=/etc/fedmsg-echo.d
ENTRYPOINT ["node", "dist/bots/cli.js"]
CMD ["check-config"]
