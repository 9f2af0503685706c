# fedmsg-echo: one image, one bot per container (the command picks it: irc, mastodon, replay, ...).
# The default target is the last stage (`runtime`); `--target ngircd` builds the demo's IRC server.
FROM node:22-bookworm-slim AS build
WORKDIR /app
# The manifests first, so that a change of the sources does not install every dependency again.
# formatters/ is also an npm workspace (the fedmsg-echo-formatters package), which npm ci links.
COPY package.json package-lock.json ./
COPY formatters/package.json formatters/package.json
# Scripts wait for the sources (`prepare` builds them); zeromq's install script, the one that
# allowScripts approves, runs in the rebuild: it checks that a prebuilt addon loads.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild zeromq
COPY tsconfig.json tsconfig.build.json ./
COPY bots bots
COPY formatters formatters
COPY config config
# The library (formatters/dist), then the bots (dist/); then only what runs, and of zeromq's
# prebuilt addons for every platform (33 MB) only the one this Node loads (2 MB).
RUN npm run build && npm prune --omit=dev && node config/docker/slim-zeromq.mjs

# The demo profile's IRC server: Debian's ngircd, run as Debian's unprivileged `irc` user.
FROM debian:bookworm-slim AS ngircd
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends ngircd && rm -rf /var/lib/apt/lists/*
USER irc
EXPOSE 6667
ENTRYPOINT ["/usr/sbin/ngircd", "-n", "-f", "/etc/ngircd/demo.conf"]

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# What node_modules/fedmsg-echo-formatters links to (the bots import their own copy in dist/formatters).
COPY --from=build /app/formatters/package.json formatters/package.json
COPY --from=build /app/formatters/dist formatters/dist
COPY --from=build /app/config config
# The live page's HTML, CSS and script (fedmsg-echo web); tsc does not copy them into dist/.
COPY --from=build /app/bots/web/static bots/web/static
COPY package.json ./
# The config directory: what every container needs (metrics and the healthcheck's port on all
# interfaces) is baked in as 90-container.yaml, after the site's files (mount them as 50-*.yaml),
# so a plain `docker run` of a bot is healthy too.
COPY --from=build /app/config/docker/container.yaml /etc/fedmsg-echo.d/90-container.yaml
# Numeric, so that orchestrators with runAsNonRoot can check it: the image's `node` user (1000).
USER 1000:1000
ENV FEDMSG_ECHO_CONFIG=/etc/fedmsg-echo.d NODE_ENV=production
EXPOSE 9464
# /healthz of a bot (irc, mastodon, matrix, web). `replay` serves no metrics: give it another
# check (the compose file's `healthcheck --tcp`) or --no-healthcheck. A bot sends what is queued
# for shutdown_deadline_ms (10 s) after SIGTERM: stop it with more time than that
# (`docker stop -t 20`; compose's stop_grace_period is 20 s).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/bots/cli.js", "healthcheck"]
ENTRYPOINT ["node", "dist/bots/cli.js"]
CMD ["check-config"]
