package io.smsgateway.protection.fraud;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.message.SmsRequest;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The fraud shield's first step: what the receiver of a validated message is. */
@Component("fraudReceivers")
class Receivers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String NO_COUNTRY = "ZZ";

    private final int prefixHides;

    Receivers(FraudProperties properties) {
        this.prefixHides = properties.adjacent().digits();
    }

    /** Sets the exchange property {@code smsReceiver}. */
    public void identify(Exchange exchange) {
        // the country parsing found already: finding it again costs a parse and a search of the ranges
        String country = exchange.getProperty(SmsRequest.COUNTRY, String.class);
        String e164 = exchange.getProperty(SmsRequest.PROPERTY, SmsRequest.class).receiver();
        exchange.setProperty(Receiver.PROPERTY, of(e164, country != null ? country : PhoneNumbers.countryOf(e164)));
    }

    Receiver of(String e164) {
        return of(e164, PhoneNumbers.countryOf(e164));
    }

    private Receiver of(String e164, String country) {
        PhoneNumber number;
        try {
            number = UTIL.parse(e164, NO_COUNTRY);
        } catch (NumberParseException validatedAlready) {
            throw new IllegalStateException("a validated receiver did not parse", validatedAlready);
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        int countryCodeDigits = Integer.toString(number.getCountryCode()).length();
        int kept = Math.max(1 + countryCodeDigits + 1, e164.length() - prefixHides);
        return new Receiver(e164, country, type, e164.substring(0, kept), countryCodeDigits);
    }
}
