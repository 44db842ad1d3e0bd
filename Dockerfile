# syntax=docker/dockerfile:1
# ordersim as a CI service container (recipes: docs/ci.md).
#   docker build -t ordersim .
#   docker run --rm -p 8080:8080 ordersim                        # = ordersim serve
#   docker run --rm -p 8080:8080 ordersim serve --clock manual --seed 1
#   docker run --rm -p 8080:8080 -v "$PWD/fixtures:/fixtures:ro" ordersim
# Every flag can also be given as an ORDERSIM_* environment variable (docker run -e ORDERSIM_CLOCK=manual).

ARG PYTHON_IMAGE=python:3.12-slim

# Builder: only the package sources go in; out comes one wheel (no tests, no compilers in the image).
FROM ${PYTHON_IMAGE} AS builder
WORKDIR /src
COPY pyproject.toml README.md ./
COPY simulator/ simulator/
RUN pip wheel --no-cache-dir --no-deps --wheel-dir dist .

FROM ${PYTHON_IMAGE}
# Keep VERSION equal to pyproject.toml's version (a test checks it). SOURCE: the repository URL,
# e.g. --build-arg SOURCE="$(git remote get-url origin)".
ARG VERSION=0.1.0
ARG SOURCE=""
LABEL org.opencontainers.image.title="ordersim" \
      org.opencontainers.image.description="Local, stateful simulator of Onfleet, Tiramizoo, Wialon, HyperTrack and Pitney Bowes order APIs" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=builder /src/dist/ /tmp/wheels/
# Dependencies come as binary wheels (uvloop, httptools, msgspec); pip compiles the bytecode once here.
RUN pip install --no-cache-dir /tmp/wheels/*.whl && rm -rf /tmp/wheels
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin ordersim
USER 10001
# /fixtures is loaded when a volume is mounted there and skipped when none is. It is deliberately not a
# VOLUME (that would mount an empty directory, which is a start-up error) and not created here.
ENV ORDERSIM_HOST=0.0.0.0 \
    ORDERSIM_PORT=8080 \
    ORDERSIM_FIXTURES_IF_PRESENT=/fixtures \
    PYTHONUNBUFFERED=1
EXPOSE 8080
# `ordersim healthcheck` follows ORDERSIM_PORT; checks every 200 ms during start-up (Docker 25+), then every 10 s.
HEALTHCHECK --interval=10s --timeout=2s --start-period=10s --start-interval=200ms --retries=3 \
    CMD ["ordersim", "healthcheck"]
ENTRYPOINT ["ordersim"]
CMD ["serve"]
