package io.smsgateway.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text scrape, read as the samples it holds. */
public final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final Map<String, Double> samples = new HashMap<>();
    private final Set<String> names = new TreeSet<>();
    private final Map<String, String> help = new TreeMap<>();

    public Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            Matcher h = HELP.matcher(line);
            if (h.find()) {
                help.put(h.group(1), h.group(2));
            } else if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
    }

    /** The scrape as the service wrote it. */
    public String text() {
        return text;
    }

    /** Each metric family's help text, by the family's name (a histogram's without _bucket, _count, _sum). */
    public Map<String, String> help() {
        return help;
    }

    /** The labels of each series of a metric. */
    public List<Map<String, String>> series(String name) {
        List<Map<String, String>> all = new ArrayList<>();
        for (String key : samples.keySet()) {
            if (key.equals(name) || key.startsWith(name + "{")) {
                Map<String, String> labels = new TreeMap<>();
                Matcher label = LABEL.matcher(key.substring(name.length()));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                all.add(labels);
            }
        }
        return all;
    }

    /** Every metric name in the scrape, histogram series (_bucket, _count, _sum) included. */
    public Set<String> names() {
        return names;
    }

    /** The sum of a metric's samples whose labels contain every one given ({@code provider="twilio"}). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (!key.equals(name) && !key.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= key.contains(label);
            }
            if (all) {
                total += sample.getValue();
            }
        }
        return total;
    }
}
