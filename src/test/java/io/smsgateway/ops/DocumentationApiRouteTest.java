package io.smsgateway.ops;

import static io.smsgateway.support.ProviderStub.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.smsgateway.support.Numbers;
import io.smsgateway.support.SendClient;
import io.smsgateway.support.TwilioServiceTest;
import io.smsgateway.support.TwilioStub;
import org.junit.jupiter.api.Test;

/**
 * routes/documentation-api.camel.yaml: the OpenAPI description at /documentation/json, kept true by
 * checking real answers of the running service against it — status, body schema, headers.
 */
class DocumentationApiRouteTest extends TwilioServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void describesEveryAnswerTheServiceGives() throws Exception {
        HttpResponse<String> served = api.get("/documentation/json");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode document = JSON.readTree(served.body());
        assertThat(document.get("openapi").asText()).startsWith("3.");

        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        conforms(document, api.send("ACME", Numbers.unique(), "ok"));
        conforms(document, api.post("/send", "{\"sender\":\"ACME\"}", "application/json"));
        conforms(document, api.post("/send", "not json", "application/json"));
        conforms(document, api.post("/send", SendClient.json("ACME", Numbers.unique(), "x"), "text/plain"));
        conforms(document, api.post("/send", "{\"body\":\"" + "x".repeat(70_000) + "\"}", "application/json"));
        conforms(document, api.get("/send"));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(400, 21211, "Invalid 'To' Phone Number")));
        conforms(document, api.send("ACME", Numbers.unique(), "refused"));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(429, 20429, "Too Many Requests").withHeader("Retry-After", "3")));
        conforms(document, api.send("ACME", Numbers.unique(), "throttled"));
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.error(503, 20503, "Service Unavailable")));
        conforms(document, api.send("ACME", Numbers.unique(), "down"));
        // the fraud shield's refusal
        conforms(document, api.send("ACME", "+449098765432", "premium"));

        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));
        String sid = SendClient.body(api.send("ACME", Numbers.unique(), "ok")).get("sid").asText();
        conforms(document, "/verifications", api.post("/verifications", "{\"sid\":\"" + sid + "\"}", "application/json"));
        conforms(document, "/verifications", api.post("/verifications", "{\"sid\":\"SMnone\"}", "application/json"));
        conforms(document, "/verifications", api.post("/verifications", "{}", "application/json"));
    }

    /** What linters (Redocly) and contract testers (Dredd) need of the document. */
    @Test
    void namesItsServerAndUsesEveryComponentItDefines() throws Exception {
        JsonNode document = JSON.readTree(api.get("/documentation/json").body());
        String text = document.toString();

        assertThat(document.path("servers")).as("servers").isNotEmpty();
        assertThat(document.path("servers").get(0).path("url").asText()).isNotBlank();
        for (String section : List.of("schemas", "headers", "responses", "securitySchemes")) {
            for (Iterator<String> names = document.path("components").path(section).fieldNames(); names.hasNext(); ) {
                String name = names.next();
                boolean referenced = text.contains("\"#/components/" + section + "/" + name + "\"")
                        || section.equals("securitySchemes") && document.path("paths").toString().contains("\"" + name + "\"");
                assertThat(referenced).as("components/%s/%s is used", section, name).isTrue();
            }
        }
    }

    /** A contract tester sends the request's example as it stands: it must be one the service accepts. */
    @Test
    void itsRequestExampleIsAValidRequestTheServiceSends() throws Exception {
        JsonNode document = JSON.readTree(api.get("/documentation/json").body());
        JsonNode media = document.at("/paths/~1send/post/requestBody/content/application~1json");
        JsonNode example = media.path("example");
        assertThat(example.isObject()).as("the request body's example").isTrue();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(resolve(document, media.path("schema")));
        assertThat(schema.validate(example)).isEmpty();
        SERVER.stubFor(TwilioStub.send().willReturn(TwilioStub.created()));

        HttpResponse<String> answer = api.post("/send", example.toString(), "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        conforms(document, answer);
    }

    private static void conforms(JsonNode document, HttpResponse<String> answer) throws Exception {
        conforms(document, "/send", answer);
    }

    private static void conforms(JsonNode document, String postPath, HttpResponse<String> answer) throws Exception {
        String status = Integer.toString(answer.statusCode());
        JsonNode response = resolve(document, document.at("/paths/" + postPath.replace("/", "~1") + "/post/responses/" + status));
        assertThat(response.isMissingNode()).as("HTTP %s is documented", status).isFalse();
        JsonNode schemaNode = resolve(document, response.at("/content/application~1json/schema"));
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
        Set<ValidationMessage> problems = schema.validate(JSON.readTree(answer.body()));
        assertThat(problems).as("HTTP %s body %s", status, answer.body()).isEmpty();
        for (Iterator<Map.Entry<String, JsonNode>> headers = response.path("headers").fields(); headers.hasNext(); ) {
            Map.Entry<String, JsonNode> header = headers.next();
            JsonNode definition = resolve(document, header.getValue());
            boolean sent = answer.headers().firstValue(header.getKey()).isPresent();
            if (definition.path("required").asBoolean(false) || status.equals("200")) {
                assertThat(sent).as("HTTP %s header %s", status, header.getKey()).isTrue();
            }
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
