# One image for every seqmia service; docker-compose.yml picks the command.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/seqmia.jar /app/seqmia.jar
COPY --from=build /src/cli/target/lib /app/lib
ENV JAVA_OPTS="-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/seqmia.jar \"$@\"", "seqmia"]
