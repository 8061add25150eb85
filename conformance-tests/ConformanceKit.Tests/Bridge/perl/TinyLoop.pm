package TinyLoop;

# A small, correct event loop for Sys::Virt's event-loop contract, on poll(2): the Perl bridge's
# own. Certified through the bridge by PerlBridgeTests; each loop in Mutants.pm breaks one rule
# of it. Written as the Sys::Virt::EventImpl man page asks: a subclass of Sys::Virt::EventImpl
# (Sys::Virt 9.7 and later) or, failing that, of Sys::Virt::Event.

use strict;
use warnings;

use IO::Poll qw(POLLIN POLLOUT POLLERR POLLHUP);
use Time::HiRes ();

BEGIN {
    our @ISA;
    if (eval { require Sys::Virt::EventImpl; 1 }) {
        @ISA = ('Sys::Virt::EventImpl');
    } else {
        require Sys::Virt::Event;
        @ISA = ('Sys::Virt::Event');
    }
}

use constant { READABLE => 1, WRITABLE => 2, ERROR => 4, HANGUP => 8 };

# The clock in whole ms: seconds as floats are inexact (1000 + 4 * 0.025 < 1000.1).
sub now_ms { int(Time::HiRes::time() * 1000 + 0.5) }

sub first_id { 1 }

sub new {
    my $class = shift;
    return bless { next_id => $class->first_id, watches => {}, timers => {}, frees => [] }, $class;
}

sub new_id { $_[0]{next_id}++ }

sub add_handle {
    my ($self, $fd, $events, $cb, $opaque, $ff) = @_;
    return -1 if $fd < 0; # poll would report it invalid in every later iteration (IDS-7's case)
    my $id = $self->new_id;
    $self->{watches}{$id} = { fd => $fd, events => $events, cb => $cb, opaque => $opaque, ff => $ff };
    return $id;
}

sub update_handle {
    my ($self, $watch, $events) = @_;
    my $w = $self->{watches}{$watch} or return;
    $w->{events} = $events;
}

sub remove_handle {
    my ($self, $watch) = @_;
    my $w = delete $self->{watches}{$watch} or return -1;
    $self->free_later($w);
    return 0;
}

sub add_timeout {
    my ($self, $ms, $cb, $opaque, $ff) = @_;
    my $id = $self->new_id;
    $self->{timers}{$id} = { ms => $ms, cb => $cb, opaque => $opaque, ff => $ff, armed => now_ms() };
    return $id;
}

sub update_timeout {
    my ($self, $timer, $ms) = @_;
    my $t = $self->{timers}{$timer} or return;
    $t->{ms} = $ms;
    $t->{armed} = now_ms();
}

sub remove_timeout {
    my ($self, $timer) = @_;
    my $t = delete $self->{timers}{$timer} or return -1;
    $self->free_later($t);
    return 0;
}

# Never from inside remove (FREE-3) nor a callback (FREE-4): run_once frees at its end.
sub free_later { push @{ $_[0]{frees} }, $_[1] }

sub free_now {
    my ($self, $r) = @_;
    $self->_free_callback_opaque($r->{ff}, $r->{opaque});
}

sub events_of {
    my ($self, $mask, $revents) = @_;
    my $ev = 0;
    $ev |= READABLE if $revents & POLLIN && $mask & READABLE;
    $ev |= WRITABLE if $revents & POLLOUT && $mask & WRITABLE;
    $ev |= ERROR if $revents & POLLERR;
    $ev |= HANGUP if $revents & POLLHUP;
    return $ev;
}

sub fires {
    my ($self, $t, $now) = @_;
    return $t->{ms} == 0 || ($t->{ms} > 0 && $now >= $t->{armed} + $t->{ms});
}

sub run_once {
    my ($self, $timeout) = @_;
    my $now = now_ms();
    my %masks;
    for my $w (values %{ $self->{watches} }) {
        next unless $w->{events};
        $masks{ $w->{fd} } |= ($w->{events} & READABLE ? POLLIN : 0) | ($w->{events} & WRITABLE ? POLLOUT : 0);
    }
    my @pairs = map { ($_, $masks{$_}) } sort { $a <=> $b } keys %masks;
    my %ready;
    if (@pairs) {
        IO::Poll::_poll(0, @pairs); # the masks become what poll reported
        %ready = @pairs;
    }
    for my $id (sort { $a <=> $b } keys %{ $self->{watches} }) {
        my $w = $self->{watches}{$id} or next; # a callback may have removed it
        next unless $w->{events};
        my $ev = $self->events_of($w->{events}, $ready{ $w->{fd} } // 0);
        $self->_run_handle_callback($id, $w->{fd}, $ev, $w->{cb}, $w->{opaque}) if $ev;
    }
    for my $id (sort { $a <=> $b } keys %{ $self->{timers} }) {
        my $t = $self->{timers}{$id} or next;
        next unless $self->fires($t, $now);
        $t->{armed} = $now;
        $self->_run_timeout_callback($id, $t->{cb}, $t->{opaque});
    }
    $self->free_now(shift @{ $self->{frees} }) while @{ $self->{frees} };
}

1;
