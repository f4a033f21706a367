# policycheck's own image (README: "Running policycheck in a container"):
#   docker build -t policycheck .
#   docker run --rm -v "$PWD:/scan:ro" policycheck scan /scan
# tests/test_dogfood.py scans this file with policycheck itself and expects no finding.

# python:3.11-slim, pinned by digest; move it deliberately (Renovate/Dependabot), never to a tag.
ARG PYTHON_IMAGE=python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

# Builder: the project's wheel and the wheels of every dependency of the aws and k8s extras, at
# the versions of constraints.txt.
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_CONSTRAINT=/src/constraints.txt
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY src/ src/
COPY policies/ policies/
# PIP_CONSTRAINT (not only -c) also pins hatchling in pip's isolated build environment.
# requirements.txt names the wheel just built, so the runtime stage repeats no version.
RUN pip wheel --no-cache-dir --wheel-dir /wheels '.[aws,k8s]' \
 && cp constraints.txt /wheels/constraints.txt \
 && python -c 'import tomllib; v = tomllib.load(open("pyproject.toml", "rb"))["project"]["version"]; print(f"policycheck[aws,k8s]=={v}")' \
    > /wheels/requirements.txt

# Runtime: the wheels installed offline (--no-index) from a bind mount of the builder stage (needs
# BuildKit, the default builder since Docker 23), so no wheel or build file stays in a layer.
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels \
        --constraint /wheels/constraints.txt --requirement /wheels/requirements.txt \
 && useradd --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin policycheck
WORKDIR /scan
USER 10001:10001
HEALTHCHECK --interval=5m --timeout=10s --start-period=5s --retries=3 CMD ["policycheck", "--version"]
ENTRYPOINT ["policycheck"]
CMD ["--help"]
