package io.smsgateway.state;

/** The fraud shield's state in one instance's memory, by the JVM's clock. */
class MemoryFraudStateTest extends FraudStateContract {

    @Override
    FraudCounters newCounters() {
        return new MemoryFraudCounters(1000, System::currentTimeMillis);
    }

    @Override
    FraudBlocks newBlocks() {
        return new MemoryFraudBlocks(1000, System::currentTimeMillis);
    }
}
