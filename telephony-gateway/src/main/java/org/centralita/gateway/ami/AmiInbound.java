package org.centralita.gateway.ami;

/** What the AMI frame decoder produces: the banner, a response, an event, or a decoding error. */
sealed interface AmiInbound permits AmiBanner, AmiResponse, AmiEvent, AmiDecodeError {}
