#!/usr/bin/perl
# ConformanceKit's real-Sys::Virt session for a Perl loop: the other direction of the bridge.
#
# Usage: ck_sysvirt.pl LOOP DEADLINE_MS [--remote URI IDLE_MS KEEPALIVE_S KEEPALIVE_COUNT]
#        ck_sysvirt.pl LOOP DEADLINE_MS --killed URI DAEMON_PID KEEPALIVE_S KEEPALIVE_COUNT
#   LOOP is [-IDIR:]...FILE.pm[:PACKAGE[:STEP]], as for the bridge adapter.
#
# Loads Debian's real Sys::Virt (libsys-virt-perl) and the loop, registers the loop with
# Sys::Virt::Event::register, and runs the native case's session: on test:///default a domain
# lifecycle callback, suspend, resume, destroy, start, deregister, close; with --remote, on the
# private libvirtd at URI, keepalive and a close callback first, and IDLE_MS of idling before the
# deregistration; with --killed, the daemon (DAEMON_PID) is killed once the first event has
# arrived, the loop is stepped until libvirt's close callback comes and through a quiet window, and
# libvirt's next call must fail (Bridge/python/ck_libvirt_python.py runs the same sessions). Everything that crosses
# between libvirt and the loop is written on stdout, one JSON object per line, in the order it
# happened (docs/perl.md, "Real Sys::Virt drives the loop"); the harness writes it in the fake
# core's trace vocabulary and every rule judges it.
#
# The loop object is reblessed into a subclass that records each of the six methods libvirt calls
# and each of the three helpers the loop calls back through. As the C# native client does, it
# shields libvirt from what would crash or deadlock it, and records that it happened: a free
# callback run from inside a call or a callback is run later from the session's top level; a
# second ff of one registration, and a callback of a removed registration or through a token
# libvirt never gave, are not passed on.

use strict;
use warnings;

use FindBin ();
use lib "$FindBin::RealBin"; # CK::LoopSpec (and no stand-in: this is Debian's Sys::Virt)
use CK::LoopSpec ();

use IO::Poll ();
use IO::Select ();
use JSON::PP ();
use Scalar::Util ();
use Time::HiRes ();

my ($SPEC, $DEADLINE_MS, @REMOTE) = @ARGV;
my $MODE = @REMOTE == 5 ? shift(@REMOTE) : '';
die "usage: ck_sysvirt.pl [-IDIR:]FILE.pm[:PACKAGE[:STEP]] DEADLINE_MS [--remote URI IDLE_MS KEEPALIVE_S KEEPALIVE_COUNT | --killed URI DAEMON_PID KEEPALIVE_S KEEPALIVE_COUNT]\n"
    unless defined $DEADLINE_MS && $DEADLINE_MS =~ /^\d+\z/ && (!@REMOTE || $MODE =~ /^--(remote|killed)\z/);
my $KILLED = $MODE eq '--killed';
my $KILLED_AT;          # Time::HiRes::time() of the daemon's SIGKILL
my %GONE;               # what the killed session saw
my $QUIET_WINDOW_MS = 200; # as the C# killed session's: nothing of libvirt's is left to watch then

my $JSON = JSON::PP->new->canonical;
my $T0 = Time::HiRes::time();
STDOUT->autoflush(1);

sub now_ms { int((Time::HiRes::time() - $T0) * 1000) }

sub emit {
    my ($ev, %f) = @_;
    print $JSON->encode({ ev => $ev, t => now_ms(), %f }), "\n";
}

sub one_line { CK::LoopSpec::one_line(@_) }

# --- what libvirt registered --------------------------------------------------------------------------

my %REG;         # key -> { timer, id, cb, opaque, ff, removed, ff_ran, pointer }
my %BY_POINTER;  # the integer inside an opaque token -> key (the newest registration with it)
my @SLOT_FDS;    # fds libvirt registered, in first-seen order: the trace's slots
my $NEXT_KEY = 0;
my ($IN_CALL, $DEPTH, $ENDED) = (0, 0, 0);
my @FF_DUE;      # ffs the loop asked for at a moment libvirt could not take them
our ($LOOP, $HELPER_FF); # the recorded loop; the real _free_callback_opaque

sub pointer_of { my $t = shift; ref($t) eq 'SCALAR' && defined $$t ? $$t : undef }

sub key_of_opaque {
    my $p = pointer_of(shift);
    return defined $p && exists $BY_POINTER{$p} ? $BY_POINTER{$p} : 0;
}

sub live_key {
    my ($timer, $id) = @_;
    for my $k (sort { $b <=> $a } keys %REG) {
        my $r = $REG{$k};
        return $k if $r->{timer} == $timer && $r->{id} == $id && !$r->{removed};
    }
    return 0;
}

sub slot_of {
    my $fd = shift;
    return -1 if !defined $fd || $fd < 0;
    for my $i (0 .. $#SLOT_FDS) { return $i if $SLOT_FDS[$i] == $fd }
    push @SLOT_FDS, $fd;
    return $#SLOT_FDS;
}

sub known_slot_of {
    my $fd = shift;
    return -1 if !defined $fd;
    for my $i (0 .. $#SLOT_FDS) { return $i if $SLOT_FDS[$i] == $fd }
    return -1;
}

# What the kernel says of one fd now (poll with no wait).
sub kernel_of {
    my $fd = shift;
    return 0 unless defined $fd && $fd =~ /^\d+\z/;
    my @pair = ($fd, IO::Poll::POLLIN() | IO::Poll::POLLOUT());
    IO::Poll::_poll(0, @pair);
    return $pair[1] + 0;
}

# What the kernel says of each slot's fd; 0 for an fd no live watch holds: libvirt closes its socket
# once its watch is removed, and a reading then (POLLNVAL, or another file under the same number)
# says nothing of the loop (as the C# native trace reads it).
sub kernel {
    my %held = map { ($_->{slot} => 1) } grep { !$_->{timer} && !$_->{removed} } values %REG;
    return [ map { $held{$_} ? kernel_of($SLOT_FDS[$_]) : 0 } 0 .. $#SLOT_FDS ];
}

sub int_or { my ($v, $d) = @_; defined $v && !ref $v && $v =~ /^-?\d+\z/ ? $v + 0 : $d }

# Runs one of the loop's six methods under eval: a die is recorded as the call's failure and libvirt
# is told -1 (add, remove) or nothing, never unwound through (Sys::Virt's XS calls without G_EVAL).
sub traced {
    my ($call, $key, $id, $arg, $has_ff, $slot, $body) = @_;
    emit('call', call => $call, reg => $key, id => $id, arg => $arg, ff => $has_ff ? JSON::PP::true : JSON::PP::false, slot => $slot);
    $IN_CALL++;
    my $result = eval { $body->() };
    my $error = $@ ? (Scalar::Util::blessed($@) // 'die') : undef;
    print STDERR "ck_sysvirt: $call died: " . one_line("$@") . "\n" if $error;
    $IN_CALL--;
    my $int = $error ? -1 : int_or($result, $call =~ /^Update/ ? 0 : -1);
    emit('return', call => $call, reg => $key, id => $id, result => $int, error => $error);
    return $error ? ($call =~ /^Update/ ? undef : -1) : $result;
}

# --- the recording subclass -----------------------------------------------------------------------

sub record_loop {
    my $loop = shift;
    my $class = 'CK::Recorded::' . ref($loop);
    no strict 'refs';
    @{"${class}::ISA"} = (ref $loop);
    my $super = ref $loop;
    # The loop's own six methods, and the real helpers (Sys::Virt::Event's own, or inherited from
    # Sys::Virt::EventImpl from 9.7 on).
    my %own = map { ($_ => ($super->can($_) // die "$super has no method $_\n")) }
        qw(add_handle update_handle remove_handle add_timeout update_timeout remove_timeout);
    my %helper = map { ($_ => Sys::Virt::Event->can($_)) } qw(_run_handle_callback _run_timeout_callback _free_callback_opaque);
    $HELPER_FF = $helper{_free_callback_opaque};
    *{"${class}::add_handle"} = sub {
        my ($self, $fd, $events, $cb, $opaque, $ff) = @_;
        my $key = ++$NEXT_KEY;
        my $id = traced('AddHandle', $key, 0, $events, defined $ff, slot_of($fd), sub { $own{add_handle}->($self, $fd, $events, $cb, $opaque, $ff) });
        add_reg($key, 0, $id, $cb, $opaque, $ff, slot_of($fd));
        return $id;
    };
    *{"${class}::update_handle"} = sub {
        my ($self, $watch, $events) = @_;
        traced('UpdateHandle', live_key(0, $watch), $watch, $events, 1, -1, sub { $own{update_handle}->($self, $watch, $events); 0 });
        return;
    };
    *{"${class}::remove_handle"} = sub {
        my ($self, $watch) = @_;
        my $key = live_key(0, $watch);
        my $r = traced('RemoveHandle', $key, $watch, 0, 1, -1, sub { $own{remove_handle}->($self, $watch) });
        $REG{$key}{removed} = 1 if $key; # Sys::Virt tells libvirt 0 whatever it returned
        return $r;
    };
    *{"${class}::add_timeout"} = sub {
        my ($self, $ms, $cb, $opaque, $ff) = @_;
        my $key = ++$NEXT_KEY;
        my $id = traced('AddTimeout', $key, 0, $ms, defined $ff, -1, sub { $own{add_timeout}->($self, $ms, $cb, $opaque, $ff) });
        add_reg($key, 1, $id, $cb, $opaque, $ff);
        return $id;
    };
    *{"${class}::update_timeout"} = sub {
        my ($self, $timer, $ms) = @_;
        traced('UpdateTimeout', live_key(1, $timer), $timer, $ms, 1, -1, sub { $own{update_timeout}->($self, $timer, $ms); 0 });
        return;
    };
    *{"${class}::remove_timeout"} = sub {
        my ($self, $timer) = @_;
        my $key = live_key(1, $timer);
        my $r = traced('RemoveTimeout', $key, $timer, 0, 1, -1, sub { $own{remove_timeout}->($self, $timer) });
        $REG{$key}{removed} = 1 if $key;
        return $r;
    };
    *{"${class}::_run_handle_callback"} = sub {
        my ($self, $watch, $fd, $events, $cb, $opaque) = @_;
        my $of = key_of_opaque($opaque);
        my $key = live_key(0, int_or($watch, 0)) || $of;
        my @after_kill = defined $KILLED_AT ? (kernel_hup => (kernel_of($fd) & IO::Poll::POLLHUP()) ? JSON::PP::true : JSON::PP::false) : ();
        emit('handle', reg => $key, watch => int_or($watch, 0), slot => known_slot_of($fd), events => int_or($events, 0), opaque_of => $of, @after_kill);
        inside(sub {
            my $r = $REG{$key};
            # Only a live registration's own callback, through its own tokens, reaches libvirt.
            $helper{_run_handle_callback}->($self, $watch, $fd, $events, $r->{cb}, $r->{opaque})
                if $r && !$r->{removed} && !$ENDED && $of == $key;
        });
        emit('returned', reg => $key);
    };
    *{"${class}::_run_timeout_callback"} = sub {
        my ($self, $timer, $cb, $opaque) = @_;
        my $of = key_of_opaque($opaque);
        my $key = live_key(1, int_or($timer, 0)) || $of;
        emit('timer', reg => $key, timer => int_or($timer, 0), opaque_of => $of);
        inside(sub {
            my $r = $REG{$key};
            $helper{_run_timeout_callback}->($self, $timer, $r->{cb}, $r->{opaque})
                if $r && !$r->{removed} && !$ENDED && $of == $key;
        });
        emit('returned', reg => $key);
    };
    *{"${class}::_free_callback_opaque"} = sub {
        my ($self, $ff, $opaque) = @_;
        my $key = key_of_opaque($opaque);
        emit('free', reg => $key, opaque_of => $key);
        my $r = $REG{$key};
        if ($r && !$r->{ff_ran}) {
            $r->{ff_ran} = 1;
            # Inside a call or a callback libvirt may hold the lock its ff takes: run it later.
            if ($IN_CALL || $DEPTH) { push @FF_DUE, $r } else { run_libvirt_ff($self, $r) }
        }
        emit('freed', reg => $key);
    };
    bless $loop, $class;
    return $loop;
}

sub add_reg {
    my ($key, $timer, $id, $cb, $opaque, $ff, $slot) = @_;
    $id = int_or($id, -1);
    return if $id < 0; # libvirt never calls what it could not add (IDS-7)
    $REG{$key} = { timer => $timer, id => $id, cb => $cb, opaque => $opaque, ff => $ff, slot => $slot // -1, removed => 0, ff_ran => 0 };
    my $p = pointer_of($opaque);
    $BY_POINTER{$p} = $key if defined $p;
}

sub inside {
    my $body = shift;
    $DEPTH++;
    my $ok = eval { $body->(); 1 };
    my $e = $@;
    $DEPTH--;
    die $e unless $ok;
}



sub run_libvirt_ff {
    my ($self, $r) = @_;
    $HELPER_FF->($self, $r->{ff}, $r->{opaque}) if defined $r->{ff};
}

sub run_due_ffs { run_libvirt_ff($LOOP, shift @FF_DUE) while @FF_DUE }

# --- the session ----------------------------------------------------------------------------------

my $STEP_METHOD;
my $STEP_N = 0;
my $FAILURE;
my @EVENTS; # [type, detail, domain]

sub api {
    my ($fn, $body) = @_;
    emit('step', n => $STEP_N++, fn => $fn);
    my @r = eval { $body->() };
    if ($@) {
        my $e = $@;
        my $text = Scalar::Util::blessed($e) && $e->can('message') ? $e->message : "$e";
        die "$fn failed: " . one_line($text) . "\n";
    }
    return wantarray ? @r : $r[0];
}

# The harness keeps a pipe to our stdin open while it waits; a terminal or /dev/null is no lifeline.
my $LIFELINE = -p STDIN ? IO::Select->new(\*STDIN) : undef;

sub iteration {
    # The harness gone (its pipe to our stdin closed): stop at once.
    if ($LIFELINE && $LIFELINE->can_read(0)) {
        exit 3 unless sysread(STDIN, my $junk, 4096);
    }
    emit('iteration', kernel => kernel());
    my $ok = eval { $LOOP->$STEP_METHOD(0); 1 };
    my $error = $ok ? undef : (Scalar::Util::blessed($@) // 'die');
    print STDERR "ck_sysvirt: $STEP_METHOD died: " . one_line("$@") . "\n" if $error;
    emit('iteration_end', error => $error);
    die "the loop's $STEP_METHOD died: " . one_line("$@") . "\n" if $error;
}

# Steps the loop until $done says so or the deadline (or $for_ms) passes.
sub pump {
    my ($done, $for_ms) = @_;
    my $until = Time::HiRes::time() + ($for_ms // $DEADLINE_MS) / 1000;
    run_due_ffs();
    until ($done->()) {
        return 0 if Time::HiRes::time() > $until;
        iteration();
        run_due_ffs();
        Time::HiRes::sleep(0.002);
    }
    return 1;
}

# A call of the teardown failed: the session's failure, unless the daemon was killed (then libvirt's
# calls on the dead connection fail, rightly).
sub torn_down { $FAILURE //= one_line(shift) unless defined $KILLED_AT }

# The daemon dies as in a crash; the loop must report the hangup so that libvirt closes.
sub kill_daemon {
    my ($pid, $dom, $next) = @_;
    api('[harness] SIGKILL to the private libvirtd', sub { kill 'KILL', $pid });
    $KILLED_AT = Time::HiRes::time();
    my $iterations = 0;
    $GONE{closed} = pump(sub { $iterations++; defined $GONE{closed_after_ms} }) ? JSON::PP::true : JSON::PP::false;
    $GONE{iterations_until_closed} = $iterations - 1;
    pump(sub { 0 }, $QUIET_WINDOW_MS) if $GONE{closed};
    my ($fn, $call) = @$next;
    $GONE{next_call_failed} = eval { api($fn, sub { $call->($dom) }); 1 } ? JSON::PP::false : JSON::PP::true;
}

sub main {
    my ($package, $step) = eval { CK::LoopSpec::load($SPEC, 0) };
    if (!$package) {
        emit('done', events => 0, failure => 'the loop does not load with Debian\'s Sys::Virt: ' . one_line($@));
        return 0;
    }
    $STEP_METHOD = $step;
    require Sys::Virt;
    $LOOP = record_loop(CK::LoopSpec::make($package));
    Sys::Virt::Event::register($LOOP);
    my @ops = (
        [ 'virDomainSuspend', sub { $_[0]->suspend }, 3 ],
        [ 'virDomainResume', sub { $_[0]->resume }, 4 ],
        [ 'virDomainDestroy', sub { $_[0]->destroy }, 5 ],
        [ 'virDomainCreate', sub { $_[0]->create }, 2 ],
    );
    my ($conn, $dom, $cbid, $closing);
    my ($uri, $idle_ms, $ka_s, $ka_count) = @REMOTE ? @REMOTE : ('test:///default');
    (my $shown = $uri) =~ s/\?.*//; # without the socket's temporary path: two runs tell one story
    my $ok = eval {
        $conn = api("virConnectOpen($shown)", sub { Sys::Virt->new(uri => $uri) });
        if (@REMOTE) {
            api("virConnectSetKeepAlive($ka_s, $ka_count)", sub { $conn->set_keep_alive($ka_s, $ka_count) });
            api('virConnectRegisterCloseCallback', sub {
                $conn->register_close_callback(sub {
                    $GONE{closed_after_ms} //= (Time::HiRes::time() - $KILLED_AT) * 1000 if defined $KILLED_AT;
                    emit('closed', reason => $_[1] + 0);
                });
            });
            $closing = 1;
            api('virConnectNumOfDomains', sub { $conn->num_of_domains });
        }
        $dom = api('virDomainLookupByName(test)', sub { $conn->get_domain_by_name('test') });
        $cbid = api('virConnectDomainEventRegisterAny(LIFECYCLE)', sub {
            $conn->domain_event_register_any($dom, Sys::Virt::Domain::EVENT_ID_LIFECYCLE(), sub {
                my ($c, $d, $type, $detail) = @_;
                push @EVENTS, [ $type, $detail ];
                emit('lifecycle', type => $type + 0, detail => $detail + 0, domain => $d->get_name);
            });
        });
        for my $op ($KILLED ? $ops[0] : @ops) {
            my ($fn, $call, $expected) = @$op;
            my $before = @EVENTS;
            api($fn, sub { $call->($dom) });
            pump(sub { grep { $_->[0] == $expected } @EVENTS[$before .. $#EVENTS] })
                or die "no event $expected within $DEADLINE_MS ms after $fn\n";
        }
        if ($KILLED) {
            kill_daemon($idle_ms, $dom, $ops[1]);
        } elsif (@REMOTE) {
            pump(sub { 0 }, $idle_ms);
            api('virDomainGetState', sub { $dom->get_state });
        }
        1;
    };
    $FAILURE = one_line($@) unless $ok;
    # Tear down whatever was set up, even after a failure.
    if (defined $cbid) {
        eval { api('virConnectDomainEventDeregisterAny', sub { $conn->domain_event_deregister_any($cbid) }); 1 } or torn_down($@);
    }
    if ($closing) {
        eval { api('virConnectUnregisterCloseCallback', sub { $conn->unregister_close_callback }); 1 } or torn_down($@);
    }
    if ($dom) { eval { api('virDomainFree', sub { undef $dom }); 1 } }
    if ($conn) { eval { api('virConnectClose', sub { undef $conn }); 1 } or torn_down($@) }
    # Until every registration libvirt removed has had its ff (a loop that never frees costs the deadline).
    my $all_freed = sub { !grep { $_->{removed} && defined $_->{ff} && !$_->{ff_ran} } values %REG };
    eval { pump($all_freed); 1 } or $FAILURE //= one_line($@);
    run_due_ffs();
    my ($unfreed) = grep { $_->{removed} && defined $_->{ff} && !$_->{ff_ran} } map { $REG{$_} } sort { $a <=> $b } keys %REG;
    if (!defined $FAILURE && !grep { $_->{timer} && defined $_->{ff} } values %REG) {
        $FAILURE = 'libvirt never added its event timer (add_timeout with an ff)';
    } elsif (!defined $FAILURE && $unfreed) {
        $FAILURE = sprintf("the loop did not call the ff of libvirt's %s %d within %d ms after it was removed",
            $unfreed->{timer} ? 'timer' : 'watch', $unfreed->{id}, $DEADLINE_MS);
    }
    $ENDED = 1;
    emit('end');
    emit('gone', %GONE) if $KILLED;
    emit('done', events => scalar @EVENTS, expected => $KILLED ? 1 : scalar @ops, failure => $FAILURE);
    return 0;
}

exit main();
