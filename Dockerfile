# One image for every seqmia service; docker-compose.yml picks the command.
#   docker build -t seqmia:latest .                                 (CPU: every service)
#   docker build --target trainer-gpu -t seqmia-trainer-gpu:latest . (the trainer on an NVIDIA GPU)
# Needs BuildKit (Docker's default builder): Maven's repository is a build cache, so a source change does not
# download the dependencies again.
ARG CUDA_RUNTIME_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first: the dependency download is a layer of its own, rebuilt only when a POM changes.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY broker/pom.xml broker/
COPY kernel/pom.xml kernel/
COPY testkit/pom.xml testkit/
COPY replay/pom.xml replay/
COPY streams-app/pom.xml streams-app/
COPY trainer/pom.xml trainer/
COPY attacker/pom.xml attacker/
COPY cli/pom.xml cli/
COPY bench/pom.xml bench/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl cli -am dependency:go-offline -DexcludeGroupIds=io.seqmia || true
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package -pl cli -am

FROM eclipse-temurin:17-jre AS runtime
# A user of its own, and the folders the compose volumes mount, owned by it (a named volume takes the owner of
# the folder it is mounted on).
RUN useradd --system --uid 10001 --home-dir /var/lib/seqmia seqmia \
 && mkdir -p /var/lib/seqmia/streams-state /var/lib/seqmia/models /var/lib/seqmia/attack-models /var/lib/seqmia/report \
 && chown -R seqmia /var/lib/seqmia
WORKDIR /app
COPY --from=build /src/cli/target/seqmia.jar /app/seqmia.jar
COPY --from=build /src/cli/target/lib /app/lib
ENV JAVA_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1" \
    OMP_WAIT_POLICY=PASSIVE \
    MKL_DYNAMIC=FALSE \
    GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1
USER seqmia
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/seqmia.jar \"$@\"", "seqmia"]

# GPU trainer on NVIDIA's CUDA runtime image: DJL detects a GPU by loading cudart, which a plain JRE image lacks.
# Maven Central serves only the CPU natives of PyTorch 2.7.1, so this stage adds a CUDA 12.8 build of libtorch
# 2.7.1 at build time (nothing is downloaded at run time) and points DJL at it. docs/TRAINER.md.
# Override LIBTORCH_URL with a mirror or a file name from pytorch.org if this one moves.
FROM ${CUDA_RUNTIME_IMAGE} AS trainer-gpu
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl unzip ca-certificates \
 && curl -fsSL "$LIBTORCH_URL" -o /tmp/libtorch.zip && unzip -q /tmp/libtorch.zip -d /opt \
 && rm /tmp/libtorch.zip && apt-get purge -y curl unzip && apt-get autoremove -y && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/seqmia seqmia \
 && mkdir -p /var/lib/seqmia/models && chown -R seqmia /var/lib/seqmia
WORKDIR /app
COPY --from=build /src/cli/target/seqmia.jar /app/seqmia.jar
COPY --from=build /src/cli/target/lib /app/lib
ENV JAVA_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1" \
    OMP_WAIT_POLICY=PASSIVE \
    MKL_DYNAMIC=FALSE \
    GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1 \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    SEQMIA_TRAINER_DEVICE=gpu \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
USER seqmia
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/seqmia.jar \"$@\"", "seqmia"]
