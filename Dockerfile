# syntax=docker/dockerfile:1

# --- build: the same wrapper and JDK as the README's commands (the jar targets Java 17)
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests

# --- run: Java 25's JRE, a non-root user, the extracted jar with its AOT cache, the route files
FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app sms
WORKDIR /app
# Extracted (sms-gateway.jar + lib/): the AOT cache serves only classes from plain jars on the class
# path, not from the nested jars of the executable jar. The bind mount keeps the fat jar out of the image.
RUN --mount=type=bind,from=build,source=/src/target/sms-gateway.jar,target=/tmp/sms-gateway.jar \
    java -Djarmode=tools -jar /tmp/sms-gateway.jar extract --destination /app
# Operators replace these by mounting a folder of their own on /app/routes (or setting ROUTES_DIR).
COPY routes/ /app/routes/
# The JVM options, shared with bench/ and deploy/kubernetes (java @file reads them).
COPY deploy/jvm.options /app/jvm.options
RUN mkdir -p /app/data && chown sms /app/data
ENV ROUTES_DIR=/app/routes \
    HTTP_PORT=3000
# The AOT cache (JEP 483/514/515): Spring Boot's training run, which exits once the context has
# refreshed, records the classes loaded and linked and their profiles into /app/app.aot. With the
# ENTRYPOINT's options (the JVM refuses a cache trained with some other options, e.g. object
# headers), the console provider (no network, no credentials), in a scratch directory so the broker
# journal it writes is not left in /app/data. As root: the cache is read-only for the service,
# like its jars.
RUN mkdir /tmp/training && cd /tmp/training \
    && SERVICE_PROVIDER=console java @/app/jvm.options -XX:AOTCacheOutput=/app/app.aot \
        -Dspring.context.exit=onRefresh -jar /app/sms-gateway.jar \
    && rm -rf /tmp/training
USER 10001
EXPOSE 3000
# No curl in the JRE image: bash's /dev/tcp asks the liveness path.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT} && printf 'GET /-/healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:AOTCache=/app/app.aot", "-jar", "/app/sms-gateway.jar"]
