package io.smsgateway.state;

import java.util.List;

/** What the Lua scripts answer: arrays of integers (and strings), as Lettuce hands them over. */
final class RedisAnswers {

    private RedisAnswers() {
    }

    static long number(List<?> answer, int index) {
        return ((Number) answer.get(index)).longValue();
    }
}
