package io.smsgateway.protection.fraud;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import io.smsgateway.message.PhoneNumbers;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and checks the policy file (SMS_FRAUD_POLICY_FILE): every entry is checked, and the first
 * wrong one is named in a single line, so that neither start-up nor a reload takes a policy that
 * says something other than the operator meant.
 *
 * <pre>
 * countries:
 *   allowed: [GB, IT, IN]        # when given and not empty, the only countries
 *   blocked: [RU]
 * numberTypes:
 *   blocked: [PREMIUM_RATE, SHARED_COST, UAN, PAGER, VOICEMAIL, PERSONAL_NUMBER]
 *   monitored: [VOIP, UNKNOWN]
 * overrides:
 *   - allow: "+4477009001"       # a number, a prefix (+ and digits) or a country (ISO 3166 alpha-2)
 *     until: 2026-12-31T00:00:00Z
 *     reason: the QA team's range
 *   - block: "+882"
 *   - allow: MT
 *     force: true                # also past the number-type and country rules
 * unverified:
 *   countryFloors: {GB: 600}     # rule 5's floor of a country, where not SMS_FRAUD_UNVERIFIED_COUNTRY_FLOOR
 * </pre>
 */
final class PolicyFile {

    private static final Pattern NUMBER_OR_PREFIX = Pattern.compile("\\+[1-9][0-9]{0,14}");
    static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> SECTIONS = Set.of("countries", "numberTypes", "overrides", "unverified");
    private static final Set<String> OVERRIDE_KEYS = Set.of("allow", "block", "until", "reason", "force");

    /** A policy file's wrong entry: the one line the operator reads. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private PolicyFile() {
    }

    /** The file's lists over the configuration's; the file's overrides. */
    static FraudPolicy read(Path file, FraudPolicy configured) throws Invalid {
        Map<String, Object> root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            root = loaded == null ? Map.of() : map(loaded, "the file");
        } catch (IOException e) {
            throw new Invalid("cannot be read: " + e.getClass().getSimpleName());
        } catch (YAMLException e) {
            throw new Invalid("is not valid YAML" + (e.getMessage() == null ? "" : " (" + e.getMessage().lines().findFirst().orElse("") + ")"));
        }
        unknownKeys(root, SECTIONS, "");
        Map<String, Object> countries = root.containsKey("countries") ? map(root.get("countries"), "countries") : Map.of();
        Map<String, Object> types = root.containsKey("numberTypes") ? map(root.get("numberTypes"), "numberTypes") : Map.of();
        unknownKeys(countries, Set.of("allowed", "blocked"), "countries.");
        unknownKeys(types, Set.of("blocked", "monitored"), "numberTypes.");
        Map<String, Object> unverified = root.containsKey("unverified") ? map(root.get("unverified"), "unverified") : Map.of();
        unknownKeys(unverified, Set.of("countryFloors"), "unverified.");
        return new FraudPolicy(
                countries.containsKey("allowed") ? countries(countries.get("allowed"), "countries.allowed") : configured.countriesAllowed(),
                countries.containsKey("blocked") ? countries(countries.get("blocked"), "countries.blocked") : configured.countriesBlocked(),
                types.containsKey("blocked") ? types(types.get("blocked"), "numberTypes.blocked") : configured.typesBlocked(),
                types.containsKey("monitored") ? types(types.get("monitored"), "numberTypes.monitored") : configured.typesWatched(),
                overrides(root.get("overrides")),
                unverified.containsKey("countryFloors") ? floors(unverified.get("countryFloors")) : configured.countryFloors());
    }

    private static Map<String, Integer> floors(Object section) throws Invalid {
        Map<String, Integer> floors = new HashMap<>();
        for (Map.Entry<String, Object> entry : map(section, "unverified.countryFloors").entrySet()) {
            String where = "unverified.countryFloors." + entry.getKey();
            String country = country(entry.getKey(), where);
            if (!(entry.getValue() instanceof Integer floor) || floor < 1) {
                throw new Invalid(where + ": '" + entry.getValue() + "' is not a whole number of sends, at least 1");
            }
            floors.put(country, floor);
        }
        return Map.copyOf(floors);
    }

    /** A country code as configured: two letters ISO 3166 knows. */
    static String country(Object value, String where) throws Invalid {
        String code = value == null ? "" : value.toString().trim().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw new Invalid(where + ": '" + value + "' is not an ISO 3166 alpha-2 country code");
        }
        return code;
    }

    private static Set<String> countries(Object list, String where) throws Invalid {
        Set<String> codes = new LinkedHashSet<>();
        List<?> entries = list(list, where);
        for (int i = 0; i < entries.size(); i++) {
            codes.add(country(entries.get(i), where + "[" + i + "]"));
        }
        return Set.copyOf(codes);
    }

    private static Set<PhoneNumberType> types(Object list, String where) throws Invalid {
        Set<PhoneNumberType> types = new LinkedHashSet<>();
        List<?> entries = list(list, where);
        for (int i = 0; i < entries.size(); i++) {
            try {
                types.add(PhoneNumberType.valueOf(String.valueOf(entries.get(i)).trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Invalid(where + "[" + i + "]: '" + entries.get(i) + "' is not a number type (PREMIUM_RATE, VOIP, ...)");
            }
        }
        return Set.copyOf(types);
    }

    private static List<OverrideEntry> overrides(Object list) throws Invalid {
        if (list == null) {
            return List.of();
        }
        List<?> entries = list(list, "overrides");
        List<OverrideEntry> overrides = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "overrides[" + i + "]";
            Map<String, Object> entry = map(entries.get(i), where);
            unknownKeys(entry, OVERRIDE_KEYS, where + ".");
            boolean allow = entry.containsKey("allow");
            if (allow == entry.containsKey("block")) {
                throw new Invalid(where + ": give one of allow or block");
            }
            String subject = subject(entry.get(allow ? "allow" : "block"), where + (allow ? ".allow" : ".block"));
            Object force = entry.getOrDefault("force", false);
            if (!(force instanceof Boolean)) {
                throw new Invalid(where + ".force: '" + force + "' is not true or false");
            }
            overrides.add(new OverrideEntry(subject, shown(subject), allow, (Boolean) force, until(entry.get("until"), where + ".until"),
                    entry.get("reason") == null ? null : entry.get("reason").toString(), "policy file"));
        }
        return List.copyOf(overrides);
    }

    /** What an override names: {@code number:}/{@code prefix:} for + and digits, {@code country:} for a code. */
    static String subject(Object value, String where) throws Invalid {
        String text = value == null ? "" : value.toString().trim();
        if (NUMBER_OR_PREFIX.matcher(text).matches()) {
            return "prefix:" + text;
        }
        if (text.length() == 2) {
            return "country:" + country(text, where);
        }
        throw new Invalid(where + ": '" + value + "' is neither a number, a prefix (+ then digits) nor a country code");
    }

    /**
     * The subject as shown to an operator: a prefix or a country as given, a whole number — as long
     * as a mobile number of its country — masked.
     */
    static String shown(String subject) {
        String text = subject.substring(subject.indexOf(':') + 1);
        return text.startsWith("+") && isWholeNumber(text) ? PhoneNumbers.mask(text) : text;
    }

    private static boolean isWholeNumber(String e164) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber number = util.parse(e164, "ZZ");
            Phonenumber.PhoneNumber example = util.getExampleNumberForType(util.getRegionCodeForCountryCode(number.getCountryCode()),
                    PhoneNumberType.MOBILE);
            return util.isValidNumber(number) || example != null
                    && Long.toString(number.getNationalNumber()).length() >= Long.toString(example.getNationalNumber()).length();
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static Instant until(Object value, String where) throws Invalid {
        if (value == null) {
            return null;
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant();
        }
        try {
            return Instant.parse(value.toString().trim());
        } catch (DateTimeParseException e) {
            throw new Invalid(where + ": '" + value + "' is not an instant such as 2026-12-31T00:00:00Z");
        }
    }

    private static void unknownKeys(Map<String, Object> map, Set<String> known, String where) throws Invalid {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new Invalid(where + key + ": unknown entry (expected " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) throws Invalid {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Invalid(where + ": expected a mapping of keys to values");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new Invalid(where + ": '" + key + "' is not a key name");
            }
        }
        return (Map<String, Object>) map;
    }

    private static List<?> list(Object value, String where) throws Invalid {
        if (!(value instanceof List<?> list)) {
            throw new Invalid(where + ": expected a list, e.g. [GB, IT]");
        }
        return list;
    }
}
