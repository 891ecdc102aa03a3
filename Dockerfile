# lgs: the command line, the worker and the managers' page, on the Node 20 the project supports, with
# Debian's Chromium for printing PDFs (puppeteer-core downloads no browser). One image for every service.
FROM node:20.19-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 # As a non-root user, Chromium's own sandbox needs user namespaces, which Docker's default seccomp
 # profile refuses; the container is the sandbox here. Debian's chromium wrapper reads /etc/chromium.d.
 && echo 'export CHROMIUM_FLAGS="$CHROMIUM_FLAGS --no-sandbox"' > /etc/chromium.d/lgs-container
ENV CHROME_PATH=/usr/bin/chromium
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build && npm prune --omit=dev
COPY sql ./sql
COPY templates ./templates
# config/users.yaml (password hashes) and .env never reach the image: see .dockerignore. Compose mounts the
# operator's config/ folder over this copy for the worker and the page; the demo profile runs the image's
# schedules.compose.yaml.
COPY config ./config
COPY data ./data
# The archive, outbox and session key live in /var/lib/lgs, owned by the unprivileged user that runs
# everything (node, uid 1000, from the base image).
RUN mkdir -p /var/lib/lgs && chown node:node /var/lib/lgs
ENV NODE_ENV=production LGS_HOME=/var/lib/lgs
VOLUME /var/lib/lgs
USER node
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["demo"]
