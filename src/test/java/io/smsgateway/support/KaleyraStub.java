package io.smsgateway.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;

/** Kaleyra's answers as its public API documentation (https://developers.kaleyra.io/docs) describes them. */
public final class KaleyraStub {

    public static final String SID = "HXIN1234567890AB";
    public static final String API_KEY = "kaleyra-test-api-key-91c2";
    public static final String MESSAGES_PATH = "/v1/" + SID + "/messages";
    public static final String BALANCE_PATH = "/v1/" + SID + "/balance";
    public static final String MESSAGE_ID = "ee8a2c4a-5f1c-4c8b-9d3e-7c1a3b0e9f11:1";

    private KaleyraStub() {
    }

    public static MappingBuilder send() {
        return post(urlEqualTo(MESSAGES_PATH));
    }

    public static RequestPatternBuilder sends() {
        return postRequestedFor(urlEqualTo(MESSAGES_PATH));
    }

    public static MappingBuilder balance() {
        return get(urlEqualTo(BALANCE_PATH));
    }

    /** The documentation's sample answer to a send; Kaleyra clients see 202 and 200. */
    public static ResponseDefinitionBuilder accepted(int status) {
        return accepted(status, MESSAGE_ID);
    }

    /** The same answer naming another message id. */
    public static ResponseDefinitionBuilder accepted(int status, String messageId) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"id": "ee8a2c4a-5f1c-4c8b-9d3e-7c1a3b0e9f11", "sender": "KLRHXA", "type": "OTP",
                 "body": "Your code is 123456", "createdDateTime": "2019-11-04 10:42:23+00:00", "totalCount": 1,
                 "data": [{"message_id": "%s", "recipient": "15558675310"}], "dlrurl": null, "error": {}}
                """.formatted(messageId));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
