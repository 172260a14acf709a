package io.smsgateway.message;

/**
 * A validated message: {@code receiver} in E.164, {@code sender} in E.164 or an alphanumeric ID.
 */
public record SmsRequest(String sender, String receiver, String body) {

    /** Property holding the request while the body carries provider payloads. */
    public static final String PROPERTY = "smsRequest";

    /** Property holding the receiver's country (ISO 3166 alpha-2), which route files may route on. */
    public static final String COUNTRY = "smsCountry";
}
