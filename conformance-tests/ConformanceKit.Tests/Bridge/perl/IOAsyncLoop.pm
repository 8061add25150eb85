package IOAsyncLoop;

# The worked example of docs/perl.md: a Sys::Virt event loop built on IO::Async (Debian's
# libio-async-perl), the way an application that already runs IO::Async would write one. Its step
# method is IO::Async's own iteration, loop_once, called with a zero wait:
#
#   ./conformancekit certify --loop perl:IOAsyncLoop.pm:IOAsyncLoop:run_once
#
# IO::Async keeps one watch per file handle and calls read-ready, write-ready and hangup as three
# separate callbacks, while libvirt wants one callback per watch with every bit at once, and may
# hold several watches on one fd (HANDLE-8). So the loop gives IO::Async one watch per fd for the
# union of the masks, collects what IO::Async reports during loop_once, and calls each libvirt watch
# once afterwards. Timers are IO::Async timers, re-armed after each firing; ffs run after loop_once.

use strict;
use warnings;

use IO::Async::Loop::Poll ();
use IO::Handle ();
use IO::Poll ();
use Fcntl ();
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

sub new {
    my $class = shift;
    return bless { loop => IO::Async::Loop::Poll->new, next_id => 1, watches => {}, timers => {},
        handles => {}, ready => {}, frees => [], rearm => [] }, $class;
}

# --- handles -----------------------------------------------------------------------------------------

sub add_handle {
    my ($self, $fd, $events, $cb, $opaque, $ff) = @_;
    return -1 if $fd < 0;
    my $id = $self->{next_id}++;
    $self->{watches}{$id} = { fd => $fd, events => $events, cb => $cb, opaque => $opaque, ff => $ff };
    $self->rewatch($fd);
    return $id;
}

sub update_handle {
    my ($self, $watch, $events) = @_;
    my $w = $self->{watches}{$watch} or return;
    $w->{events} = $events;
    $self->rewatch($w->{fd});
}

sub remove_handle {
    my ($self, $watch) = @_;
    my $w = delete $self->{watches}{$watch} or return -1;
    $self->rewatch($w->{fd});
    push @{ $self->{frees} }, $w;
    return 0;
}

# A handle on the fd for IO::Async, in the fd's own access mode (fdopen refuses another), and never
# closed: the fd is libvirt's. The mode is read from /proc, because a probing handle would close
# the fd when it went away.
sub handle_of {
    my ($self, $fd) = @_;
    return $self->{handles}{$fd} //= do {
        my $flags = 0;
        if (open my $info, '<', "/proc/self/fdinfo/$fd") {
            while (<$info>) { $flags = oct($1) if /^flags:\s+(\d+)/ }
        }
        my $mode = $flags & Fcntl::O_ACCMODE();
        IO::Handle->new_from_fd($fd, $mode == Fcntl::O_WRONLY() ? 'w' : $mode == Fcntl::O_RDWR() ? 'r+' : 'r')
            // die "fd $fd: $!\n";
    };
}

# One IO::Async watch per fd, for the union of the masks of libvirt's watches on it.
sub rewatch {
    my ($self, $fd) = @_;
    my $mask = 0;
    $mask |= $_->{events} for grep { $_->{fd} == $fd } values %{ $self->{watches} };
    my $fh = $self->handle_of($fd);
    $self->{loop}->unwatch_io(handle => $fh, on_read_ready => 1, on_write_ready => 1, on_hangup => 1);
    return unless $mask;
    my $ready = $self->{ready};
    $self->{loop}->watch_io(
        handle => $fh,
        ($mask & READABLE ? (on_read_ready => sub { $ready->{$fd} |= READABLE }) : ()),
        ($mask & WRITABLE ? (on_write_ready => sub { $ready->{$fd} |= WRITABLE }) : ()),
        # IO::Async calls on_hangup for POLLHUP and for POLLERR alike; libvirt needs to know which
        # (HANDLE-3), so the fd is asked again.
        on_hangup => sub { $ready->{$fd} |= hangup_or_error($fd) },
    );
}

sub hangup_or_error {
    my @pair = (shift, IO::Poll::POLLIN());
    IO::Poll::_poll(0, @pair);
    return ($pair[1] & IO::Poll::POLLERR() ? ERROR : 0) | ($pair[1] & IO::Poll::POLLHUP() ? HANGUP : 0);
}

# --- timers ------------------------------------------------------------------------------------------

sub add_timeout {
    my ($self, $ms, $cb, $opaque, $ff) = @_;
    my $id = $self->{next_id}++;
    $self->{timers}{$id} = { ms => $ms, cb => $cb, opaque => $opaque, ff => $ff };
    $self->arm($id);
    return $id;
}

sub update_timeout {
    my ($self, $timer, $ms) = @_;
    my $t = $self->{timers}{$timer} or return;
    $t->{ms} = $ms;
    $self->arm($timer);
}

sub remove_timeout {
    my ($self, $timer) = @_;
    my $t = delete $self->{timers}{$timer} or return -1;
    $self->{loop}->unwatch_time($t->{io_async}) if $t->{io_async};
    push @{ $self->{frees} }, $t;
    return 0;
}

# The clock in whole ms: seconds as floats are inexact (0.2 + 0.1 > 0.3), so a deadline is computed
# in ms and divided once, exactly as the time it is compared with.
sub now_ms { int(Time::HiRes::time() * 1000 + 1e-6) } # floor: a deadline never lands after the time now

sub arm {
    my ($self, $id) = @_;
    my $t = $self->{timers}{$id};
    $self->{loop}->unwatch_time(delete $t->{io_async}) if $t->{io_async};
    return if $t->{ms} < 0;
    if ($self->{in_loop_once}) {
        # Armed from a callback (an update to 0 of itself): after loop_once, as for re-arming.
        push @{ $self->{rearm} }, $id;
        return;
    }
    $t->{io_async} = $self->{loop}->watch_time(at => (now_ms() + $t->{ms}) / 1000, code => sub {
        delete $t->{io_async};
        # Re-armed after loop_once, not here: IO::Async fires every timer due at the time it read
        # when the iteration began, so a 0 ms timer re-armed from its own callback would be due
        # again at once, for ever, on a clock that does not move during the iteration.
        push @{ $self->{rearm} }, $id;
        $self->_run_timeout_callback($id, $t->{cb}, $t->{opaque});
    });
}

# --- one iteration -----------------------------------------------------------------------------------

sub run_once {
    my ($self, $timeout) = @_;
    %{ $self->{ready} } = ();
    $self->{in_loop_once} = 1;
    my $ok = eval { $self->{loop}->loop_once($timeout); 1 };
    $self->{in_loop_once} = 0;
    die $@ unless $ok;
    my %ready = %{ $self->{ready} };
    for my $id (sort { $a <=> $b } keys %{ $self->{watches} }) {
        my $w = $self->{watches}{$id} or next; # a callback may have removed it
        next unless $w->{events};
        my $ev = ($ready{ $w->{fd} } // 0) & ($w->{events} | ERROR | HANGUP);
        $self->_run_handle_callback($id, $w->{fd}, $ev, $w->{cb}, $w->{opaque}) if $ev;
    }
    # The interval restarts now; a callback that updated or removed its timer has had its way.
    my %seen;
    for my $id (grep { !$seen{$_}++ } splice @{ $self->{rearm} }) {
        my $t = $self->{timers}{$id};
        $self->arm($id) if $t && !$t->{io_async};
    }
    while (my $r = shift @{ $self->{frees} }) {
        $self->_free_callback_opaque($r->{ff}, $r->{opaque});
    }
}

1;
