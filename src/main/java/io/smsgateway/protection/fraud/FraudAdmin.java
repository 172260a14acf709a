package io.smsgateway.protection.fraud;

import java.io.IOException;


import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsgateway.message.JsonAnswers;
import io.smsgateway.message.Operators;
import io.smsgateway.message.QueryParameters;
import io.smsgateway.message.SendFailure;
import io.smsgateway.state.FraudBlocks;
import io.smsgateway.state.FraudBlocks.Block;
import io.smsgateway.state.FraudBlocks.OverrideEntry;
import io.smsgateway.state.FraudCounters;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin API of the fraud shield, under /admin/ (SMS_ADMIN_KEYS): the blocks in force and why,
 * lifting one, the operator's overrides, and the recent decisions. Every change is logged with the
 * label of the admin key that made it. Subjects are shown masked: a prefix with its hidden digits
 * as x, a whole number with all but its last three.
 */
@Component("fraudAdmin")
class FraudAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(FraudAdmin.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FraudBlocks blocks;
    private final FraudCounters counters;
    private final FraudPolicies policies;
    private final FraudDecisions decisions;
    private final Clock clock;

    FraudAdmin(FraudBlocks blocks, FraudCounters counters, FraudPolicies policies, FraudDecisions decisions, Clock clock) {
        this.blocks = blocks;
        this.counters = counters;
        this.policies = policies;
        this.decisions = decisions;
        this.clock = clock;
    }

    /**
     * GET /admin/blocks: every block in force, with its rule, evidence, since and until, and the
     * allow override that lets its traffic through, if any ({@code allowedBy}).
     */
    public Map<String, Object> blocks(Exchange exchange) {
        List<OverrideEntry> overrides = overridesInForce();
        return ok(exchange, Map.of("blocks", blocks.activeBlocks().stream()
                .map(block -> shown(block, allowedBy(block.subject(), overrides))).toList()));
    }

    /**
     * The allow override that lets all of a block's traffic past it: the most precise override
     * naming the blocked subject or a shorter prefix of it — as {@link FraudOverrides} picks one for
     * each send — when it allows. A country's override is matched to a country's block only: a
     * prefix's country is known per number, not here. Null when the block still refuses.
     */
    static OverrideEntry allowedBy(String blocked, List<OverrideEntry> overrides) {
        return overrides.stream()
                .filter(override -> covers(override.subject(), blocked))
                .max(Comparator.comparingInt(override -> override.subject().length()))
                .filter(OverrideEntry::allow)
                .orElse(null);
    }

    private static boolean covers(String override, String blocked) {
        return override.equals(blocked) || override.startsWith("prefix:") && blocked.startsWith(override);
    }

    private List<OverrideEntry> overridesInForce() {
        Instant now = clock.instant();
        return Stream.concat(policies.current().overrides().stream(), blocks.allOverrides().stream())
                .filter(override -> override.until() == null || override.until().isAfter(now))
                .toList();
    }

    /**
     * DELETE /admin/blocks/{subject}: a masked prefix as listed (+4477009001xxx) or a country (GB).
     * The evidence that tripped it goes with it, or the next send would trip it again at once; its
     * strikes stay, so traffic that goes on is blocked afresh, and longer.
     */
    public Map<String, Object> lift(Exchange exchange) {
        String subject = blockSubject(exchange.getMessage().getHeader("subject", String.class));
        if (!blocks.lift(subject)) {
            throw new SendFailure(404, "unknown_block", "no block in force for " + PolicyFile.shown(subject), null);
        }
        counters.forget(subject);
        LOG.warn("fraud shield: {} lifted the block of {}", operator(exchange), PolicyFile.shown(subject));
        return ok(exchange, Map.of("lifted", PolicyFile.shown(subject)));
    }

    /** GET /admin/overrides: the policy file's and the admin API's, expired ones left out. */
    public Map<String, Object> overrides(Exchange exchange) {
        return ok(exchange, Map.of("overrides", overridesInForce().stream().map(FraudAdmin::shown).toList()));
    }

    /**
     * POST /admin/overrides, {@code {"allow"|"block": subject, "until"?, "reason"?, "force"?}}: a
     * number, a prefix (+ and digits) or a country, as in the policy file.
     */
    public Map<String, Object> putOverride(Exchange exchange) {
        JsonNode request = request(exchange.getMessage().getBody(String.class));
        boolean allow = request.has("allow");
        if (allow == request.has("block")) {
            throw SendFailure.invalid("give one of allow or block: a number, a prefix (+ then digits) or a country code");
        }
        String subject;
        try {
            subject = PolicyFile.subject(request.get(allow ? "allow" : "block").asText(null), allow ? "allow" : "block");
        } catch (PolicyFile.Invalid e) {
            throw SendFailure.invalid(e.getMessage());
        }
        Instant until = until(request.get("until"));
        OverrideEntry override = new OverrideEntry(subject, PolicyFile.shown(subject), allow, request.path("force").asBoolean(false),
                until, request.hasNonNull("reason") ? request.get("reason").asText() : null, operator(exchange));
        blocks.putOverride(override);
        LOG.warn("fraud shield: {} {} {}{}", operator(exchange), allow ? "allowed" : "blocked", override.shown(),
                until == null ? "" : " until " + until);
        Map<String, Object> answer = shown(override);
        // the blocks in force whose traffic this override lets through now: the operator need not
        // guess whether the override alone is enough
        List<OverrideEntry> overrides = overridesInForce();
        answer.put("passesBlocks", allow ? blocks.activeBlocks().stream()
                .filter(block -> {
                    OverrideEntry by = allowedBy(block.subject(), overrides);
                    return by != null && by.subject().equals(subject);
                }).map(Block::shown).toList() : List.of());
        return JsonAnswers.answer(exchange, 201, answer);
    }

    /**
     * DELETE /admin/overrides/{subject}: named as it was set, or as the listing shows it — a whole
     * number masked (+39*******567), which must then name one override only.
     */
    public Map<String, Object> removeOverride(Exchange exchange) {
        String named = exchange.getMessage().getHeader("subject", String.class);
        String subject;
        try {
            subject = named != null && named.contains("*") ? overrideShownAs(named.trim()) : PolicyFile.subject(named, "subject");
        } catch (PolicyFile.Invalid e) {
            throw SendFailure.invalid(e.getMessage());
        }
        if (!blocks.removeOverride(subject)) {
            throw new SendFailure(404, "unknown_override", "no override of the admin API for " + PolicyFile.shown(subject)
                    + " (those of the policy file change with the file)", null);
        }
        LOG.warn("fraud shield: {} removed the override of {}", operator(exchange), PolicyFile.shown(subject));
        return ok(exchange, Map.of("removed", PolicyFile.shown(subject)));
    }

    /** The subject of the one override of this API the listing shows as {@code shown}. */
    private String overrideShownAs(String shown) {
        List<String> subjects = blocks.allOverrides().stream().filter(override -> override.shown().equals(shown))
                .map(OverrideEntry::subject).distinct().toList();
        if (subjects.size() > 1) {
            throw new SendFailure(409, "ambiguous_override", subjects.size() + " overrides are shown as " + shown
                    + ": remove the one meant by its whole number", null);
        }
        if (subjects.isEmpty()) {
            throw new SendFailure(404, "unknown_override", "no override of the admin API for " + shown, null);
        }
        return subjects.get(0);
    }

    /** GET /admin/decisions?rule=&country=: the most recent refusals and monitor-mode decisions, newest first. */
    public Map<String, Object> decisions(Exchange exchange) {
        String rule = QueryParameters.first(exchange, "rule");
        String country = QueryParameters.first(exchange, "country");
        return ok(exchange, Map.of("decisions", decisions.recent().stream()
                .filter(decision -> rule == null || rule.isBlank() || decision.rule().equals(rule))
                .filter(decision -> country == null || country.isBlank() || decision.country().equalsIgnoreCase(country))
                .map(FraudAdmin::shown).toList()));
    }

    private static Map<String, Object> shown(FraudDecisions.Decision decision) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("at", decision.at().toString());
        shown.put("rule", decision.rule());
        shown.put("action", decision.action());
        shown.put("country", decision.country());
        shown.put("receiver", decision.receiver());
        shown.put("requestId", decision.requestId());
        shown.put("reason", decision.reason());
        return shown;
    }

    private static Map<String, Object> shown(Block block, OverrideEntry allowedBy) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("subject", block.shown());
        shown.put("rule", block.rule());
        shown.put("evidence", block.evidence());
        shown.put("since", block.since().toString());
        shown.put("until", block.until().toString());
        shown.put("strikes", block.strikes());
        shown.put("allowedBy", allowedBy == null ? null : allowedBy.shown());
        return shown;
    }

    private static Map<String, Object> shown(OverrideEntry override) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(override.allow() ? "allow" : "block", override.shown());
        shown.put("force", override.force());
        shown.put("until", override.until() == null ? null : override.until().toString());
        shown.put("reason", override.reason());
        shown.put("by", override.by());
        return shown;
    }

    private static Map<String, Object> ok(Exchange exchange, Map<String, Object> body) {
        return JsonAnswers.answer(exchange, 200, body);
    }


    /** A block's subject from the form the listing shows: a masked prefix, or a country. */
    private static String blockSubject(String shown) {
        String text = shown == null ? "" : shown.trim();
        if (text.matches("\\+[0-9]+x*")) {
            return "prefix:" + text.replaceAll("x+$", "");
        }
        if (text.matches("[A-Za-z]{2}")) {
            return "country:" + text.toUpperCase(Locale.ROOT);
        }
        throw SendFailure.invalid("a block is named by its prefix as listed (+4477009001xxx) or its country (GB)");
    }

    private static Instant until(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw SendFailure.invalid("until must be an instant such as 2026-12-31T00:00:00Z");
        }
    }

    private static JsonNode request(String text) {
        try {
            JsonNode node = text == null || text.isBlank() ? null : JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw SendFailure.invalid("request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw SendFailure.invalid("request body is not valid JSON");
        }
    }

    private static String operator(Exchange exchange) {
        return exchange.getProperty(Operators.PROPERTY, "an operator", String.class);
    }
}
