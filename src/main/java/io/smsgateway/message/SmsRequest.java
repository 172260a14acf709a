package io.smsgateway.message;

/**
 * A validated message: {@code receiver} in E.164, {@code sender} in E.164 or an alphanumeric ID.
 *
 * @param statusCallback the https URL the message's status changes are forwarded to (checked against
 *                       SSRF by the parser), or null
 */
public record SmsRequest(String sender, String receiver, String body, String statusCallback) {

    /** Property holding the request while the body carries provider payloads. */
    public static final String PROPERTY = "smsRequest";

    /** Property holding the receiver's country (ISO 3166 alpha-2), which route files may route on. */
    public static final String COUNTRY = "smsCountry";

    public SmsRequest(String sender, String receiver, String body) {
        this(sender, receiver, body, null);
    }
}
