package io.smsgateway.ops;

import java.util.List;
import java.util.Optional;

/**
 * What the console scenario does with a browser, so that it is written once and driven in Chromium
 * (Selenium) and in Firefox (WebDriver BiDi). Elements are named by CSS selectors; a selector that
 * matches nothing throws, so that a wait on it retries. Clicks and typing are real input events
 * (pointer and key actions), not script calls.
 */
interface Browser extends AutoCloseable {

    /** Opens the URL and returns once the page has loaded. */
    void open(String url);

    /** Clicks the first element the selector matches, scrolled into view. */
    void click(String selector);

    /** Clicks the button in the first row of the table (by id) whose text holds {@code text}. */
    void clickTheButtonOfTheRow(String table, String text);

    /** Replaces what the field holds with {@code text}, key by key. */
    void type(String selector, String text);

    /** Chooses the option of that value in the select. */
    void select(String selector, String value);

    /** The element's text as rendered. */
    String text(String selector);

    boolean isDisplayed(String selector);

    /** The value of a JavaScript expression in the page: a String, Long, Double, Boolean, List or null. */
    Object evaluate(String expression);

    /** The question of the confirmation dialog the page has open, if it has one. */
    Optional<String> dialog();

    void acceptTheDialog();

    void resize(int width, int height);

    /** A PNG of the viewport. */
    byte[] screenshot();

    String currentUrl();

    /**
     * Every request the page made (the browser's network log), with the body of its answer, or null
     * when there was none or the browser did not keep it.
     */
    List<Fetched> fetched() throws Exception;

    /** Closes the browser, whatever state it is in. */
    @Override
    void close();

    record Fetched(String url, boolean sentACookie, String body) {
    }
}
