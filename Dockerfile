# lgs: the command line and the worker, on the Node 20 the project supports, with Debian's Chromium for
# printing PDFs (puppeteer-core downloads no browser).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
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
COPY config ./config
COPY data ./data
ENV NODE_ENV=production LGS_HOME=/var/lib/lgs
VOLUME /var/lib/lgs
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["demo"]
