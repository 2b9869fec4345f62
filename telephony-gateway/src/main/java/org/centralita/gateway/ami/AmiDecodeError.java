package org.centralita.gateway.ami;

/**
 * Input that is not valid AMI. A fatal error (over-long line, too many headers) means the stream can no longer
 * be framed: the decoder discards everything after it and the client closes the connection.
 */
record AmiDecodeError(String reason, boolean fatal) implements AmiInbound {}
