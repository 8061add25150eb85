package Sys::Virt::EventImpl;

# ConformanceKit's stand-in for Sys::Virt::EventImpl (Sys::Virt 9.7 and later): the base class of
# a loop under certification. The constants are libvirt's; the three helpers a loop calls back
# through do what Sys::Virt's XS does with its tokens, except that "calling libvirt" is a message
# to the harness: the adapter (ck_bridge.pl) fills %HOOK before any loop is made.
#
# The tokens the loop receives ($cb, $opaque, $ff) are shaped as Sys::Virt's XS shapes them:
# unblessed references to a scalar holding a pointer-sized integer, and $ff undef when libvirt gave
# no free callback. As in the XS, the helpers go by the integer inside the reference, so a loop
# that copies a token keeps working, and one that passes another registration's token is seen
# passing it (HANDLE-7, TIMER-7).

use strict;
use warnings;

use constant {
    HANDLE_READABLE => 1,
    HANDLE_WRITABLE => 2,
    HANDLE_ERROR    => 4,
    HANDLE_HANGUP   => 8,
};

# handle => sub($watch, $fd, $events, $opaque), timeout => sub($timer, $opaque),
# free => sub($ff, $opaque), register => sub($impl): set by the adapter.
our %HOOK;

sub register {
    my $impl = shift;
    die "event implementation must be a subclass of Sys::Virt::EventImpl"
        unless ref($impl) && $impl->isa("Sys::Virt::EventImpl");
    $HOOK{register}->($impl);
}

sub register_default {
    die "Sys::Virt::Event::register_default: libvirt's own loop is not available under the ConformanceKit stand-in";
}

sub run_default {
    die "Sys::Virt::Event::run_default: libvirt's own loop is not available under the ConformanceKit stand-in";
}

sub _run_handle_callback {
    my ($self, $watch, $fd, $events, $cb, $opaque) = @_;
    $HOOK{handle}->($watch, $fd, $events, $opaque);
}

sub _run_timeout_callback {
    my ($self, $timer, $cb, $opaque) = @_;
    $HOOK{timeout}->($timer, $opaque);
}

sub _free_callback_opaque {
    my ($self, $ff, $opaque) = @_;
    $HOOK{free}->($ff, $opaque);
}

1;
