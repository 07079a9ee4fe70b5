# blanko-tracker: the service image (python:3.11-slim; nothing fetched at run time).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md piccolo_conf.py ./
COPY src ./src
COPY migrations ./migrations
RUN pip install --no-cache-dir . && useradd --system --home /app blanko
USER blanko
EXPOSE 8000
CMD ["blanko-tracker", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4"]
