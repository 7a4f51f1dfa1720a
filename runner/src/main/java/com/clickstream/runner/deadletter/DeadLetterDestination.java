package com.clickstream.runner.deadletter;

import java.io.IOException;

/** Where dead letters go. {@code send} returns once the letter is stored, or throws: a letter is never dropped. */
interface DeadLetterDestination extends AutoCloseable {
  void send(DeadLetter letter) throws IOException;

  @Override
  void close();
}
