package org.centralita.gateway.ami;

/** The action named a channel that does not exist (any more): Asterisk answered {@code No such channel}. */
public final class AmiNoSuchChannelException extends AmiActionException {
    private static final long serialVersionUID = 1L;

    private final String channel;

    public AmiNoSuchChannelException(String action, String channel, AmiResponse response) {
        super(action + " on " + channel, response);
        this.channel = channel;
    }

    /** Returns the channel name the action named. */
    public String channel() {
        return channel;
    }
}
