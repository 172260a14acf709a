package io.smsgateway.message;

/** Who acts through the admin API: the exchange property holding the label of the admin key presented. */
public final class Operators {

    public static final String PROPERTY = "smsOperator";

    private Operators() {
    }
}
