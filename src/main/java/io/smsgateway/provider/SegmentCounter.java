package io.smsgateway.provider;

/**
 * Segments of an SMS by 3GPP TS 23.038: GSM-7 carries 160 septets in one message and 153 per part
 * when split; one character outside GSM-7 makes it UCS-2, 70 units in one and 67 per part. Extension
 * characters take two septets; characters outside the BMP take two UCS-2 units.
 */
public final class SegmentCounter {

    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM7_EXTENSION = "\f^{}\\[~]|€";

    private SegmentCounter() {
    }

    public static int count(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (GSM7_BASIC.indexOf(c) >= 0) {
                septets += 1;
            } else if (GSM7_EXTENSION.indexOf(c) >= 0) {
                septets += 2;
            } else {
                return parts(text.length(), 70, 67); // String.length() counts UTF-16 units, as UCS-2 does
            }
        }
        return parts(septets, 160, 153);
    }

    private static int parts(int units, int single, int perPart) {
        if (units <= single) {
            return 1;
        }
        return (units + perPart - 1) / perPart;
    }
}
