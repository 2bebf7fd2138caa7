# One image for every seqmia service; docker-compose.yml picks the command.
#   docker build -t seqmia:latest .                                 (CPU: every service)
#   docker build --target trainer-gpu -t seqmia-trainer-gpu:latest . (the trainer on an NVIDIA GPU)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre AS runtime
WORKDIR /app
COPY --from=build /src/cli/target/seqmia.jar /app/seqmia.jar
COPY --from=build /src/cli/target/lib /app/lib
ENV JAVA_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1" \
    OMP_WAIT_POLICY=PASSIVE \
    MKL_DYNAMIC=FALSE \
    GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/seqmia.jar \"$@\"", "seqmia"]

# GPU trainer: Maven Central serves only the CPU natives of PyTorch 2.7.1, so this stage adds a CUDA 12.8
# build of libtorch 2.7.1 at build time (nothing is downloaded at run time) and points DJL at it.
# Run with: docker run --gpus all seqmia-trainer-gpu:latest trainer --bootstrap-server kafka:9092
# Override LIBTORCH_URL with a mirror or a file name from pytorch.org if this one moves.
FROM runtime AS trainer-gpu
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
RUN apt-get update && apt-get install -y --no-install-recommends curl unzip \
 && curl -fsSL "$LIBTORCH_URL" -o /tmp/libtorch.zip && unzip -q /tmp/libtorch.zip -d /opt \
 && rm /tmp/libtorch.zip && apt-get purge -y curl unzip && rm -rf /var/lib/apt/lists/*
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    SEQMIA_TRAINER_DEVICE=gpu \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
