# The lgs command line and (later) worker, on the Node 20 the project supports.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY sql ./sql
COPY data ./data
RUN npm run build && npm prune --omit=dev
ENV NODE_ENV=production
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["demo"]
