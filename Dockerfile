# syntax=docker/dockerfile:1

# --- build: the same wrapper and JDK as the README's commands
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests

# --- run: a JRE, a non-root user, the jar and the route files beside it
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app sms
WORKDIR /app
COPY --from=build /src/target/sms-gateway.jar /app/sms-gateway.jar
# Operators replace these by mounting a folder of their own on /app/routes (or setting ROUTES_DIR).
COPY routes/ /app/routes/
RUN mkdir -p /app/data && chown sms /app/data
USER 10001
ENV ROUTES_DIR=/app/routes \
    HTTP_PORT=3000
EXPOSE 3000
# No curl in the JRE image: bash's /dev/tcp asks the liveness path.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT} && printf 'GET /-/healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/sms-gateway.jar"]
