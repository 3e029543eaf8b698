# nginx with the web app built in, for Kubernetes (infra/k8s/frontend.yaml); compose mounts
# frontend/dist and infra/nginx.conf instead. Build from the repository root:
#   docker build -f infra/frontend.Dockerfile -t kindred/frontend .
FROM node:22-alpine AS build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY infra/nginx.conf /etc/nginx/nginx.conf
COPY --from=build /src/frontend/dist /usr/share/nginx/html
EXPOSE 8080
