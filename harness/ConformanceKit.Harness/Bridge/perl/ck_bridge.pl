#!/usr/bin/perl
# ConformanceKit's bridge adapter for Perl event loops (protocol: docs/bridge-protocol.md, version 1).
#
# Usage: ck_bridge.pl SOCKET_PATH LOOP
#   LOOP is [-IDIR:]...FILE.pm[:PACKAGE[:STEP]] (PACKAGE: the first one FILE declares; STEP: run_once).
#
# The process the harness starts loads the loop once, against the stand-in Sys::Virt in lib/ beside
# this file (so no libvirt is loaded), listens on SOCKET_PATH, prints READY on stdout, and forks one
# child per connection: each child makes one loop (PACKAGE->new) and serves that connection. Perl
# loops may keep state at file scope, so a new object in a long-lived process is not a fresh loop.
#
# Fds arrive on a side channel ("READY PID fds=side"): the harness's first message on a connection
# is a socketpair end, passed with IO::FDPass, and each add_handle's fd follows on it, ahead of the
# add_handle line. IO::FDPass reads one byte per fd; reading the lines with sysread on the same
# socket would drop the fds the kernel attached to them.
#
# Only what Debian packages: perl, JSON::PP (core), IO::FDPass (libio-fdpass-perl).

use strict;
use warnings;

use FindBin ();
use lib "$FindBin::RealBin";     # CK::LoopSpec
use lib "$FindBin::RealBin/lib"; # the stand-in Sys::Virt before Debian's, and first in @INC
use CK::LoopSpec ();
use Sys::Virt::EventImpl (); # the stand-in: its %HOOK is filled below
use Sys::Virt::Event ();     # register(), whichever base class the loop chose

use Config ();
use Fcntl ();
use File::Basename ();
use File::Path ();
use IO::FDPass ();
use IO::Select ();
use IO::Socket::UNIX ();
use JSON::PP ();
use POSIX ();
use Scalar::Util ();
use Socket ();

use constant VERSION => 1;

# The virtual clock in integral ms (seconds as floats drift: 1000 + 4 * 0.025 < 1000.1), set from
# every request; the loop reads it through Time::HiRes and time().
our $NOW_MS = 0;

BEGIN {
    # Before the loop's modules load, so that `use Time::HiRes qw(time)` imports these.
    require Time::HiRes;
    no warnings 'redefine';
    *Time::HiRes::time = sub () { $main::NOW_MS / 1000 };
    *Time::HiRes::gettimeofday = sub () {
        wantarray ? (int($main::NOW_MS / 1000), ($main::NOW_MS % 1000) * 1000) : $main::NOW_MS / 1000;
    };
    *Time::HiRes::clock_gettime = sub (;$) { $main::NOW_MS / 1000 };
    *CORE::GLOBAL::time = sub () { int($main::NOW_MS / 1000) };
}

my $JSON = JSON::PP->new->canonical;

# prctl and setrlimit's numbers, looked up before the loop's folders go on @INC (a loop beside a
# syscall.ph of its own would get that one); the x86_64 numbers where syscall.ph is missing.
my ($SYS_PRCTL, $SYS_SETRLIMIT) = eval { require 'syscall.ph'; (&SYS_prctl, &SYS_setrlimit) };
$SYS_PRCTL //= 157;
$SYS_SETRLIMIT //= 160;

my ($SOCKET_PATH, $SPEC) = @ARGV;
my $FOLDER;

# --- tokens shaped as Sys::Virt's XS shapes them (an integer in an unblessed scalar ref) ----------

# Looks like a heap pointer, and says which registration it is: base + 16 * reg.
no warnings 'portable'; # 64-bit hex constants: the adapter runs on 64-bit Perl only
use constant POINTER_BASE => 0x55d0_0000_0000;
use constant HANDLE_CB_POINTER => 0x7f00_0000_1000;
use constant TIMEOUT_CB_POINTER => 0x7f00_0000_2000;
use constant FF_POINTER => 0x7f00_0000_3000;

my %FF_WANTED; # reg -> libvirt passed a free callback

sub token { my $v = shift; return \$v }

# The registration a token names (undef: a token libvirt never gave the loop).
sub reg_of {
    my $opaque = shift;
    return undef unless ref($opaque) eq 'SCALAR' && defined $$opaque && $$opaque =~ /^\d+\z/;
    my $d = $$opaque - POINTER_BASE;
    return $d > 0 && $d % 16 == 0 ? $d / 16 : undef;
}

# --- the connection --------------------------------------------------------------------------------

package CK::ScriptedThrow {
    # libvirt's side of a callback threw (LIFE-2's scripted throw): died into the loop.
    sub new { my ($c, $text) = @_; bless { text => $text }, $c }
    sub text { $_[0]{text} }
}

my ($CONN, $SIDE, $IMPL, $LOOP_STEP);
my $BUF = '';
my $NEXT_ID = 0;
my (%BY_HARNESS, %BY_LOCAL); # harness fd <-> our fd

# A protocol error or end of file ends this child at once: dying would unwind through the loop,
# whose own eval blocks could swallow it.
sub fatal {
    my ($code, $what) = @_;
    print STDERR "ck_bridge: protocol error: $what\n" if $code;
    STDERR->flush;
    POSIX::_exit($code);
}

sub send_msg {
    my $line = $JSON->encode(shift) . "\n";
    while (length $line) {
        my $n = syswrite($CONN, $line);
        if (!defined $n) {
            next if $!{EINTR};
            fatal(0); # the harness is gone
        }
        substr($line, 0, $n, '');
    }
}

sub read_msg {
    while (index($BUF, "\n") < 0) {
        my $n = sysread($CONN, $BUF, 65536, length $BUF);
        if (!defined $n) {
            next if $!{EINTR};
            fatal(0);
        }
        fatal(0) if $n == 0; # the harness closed the connection
    }
    my $nl = index($BUF, "\n");
    my $line = substr($BUF, 0, $nl + 1, '');
    chomp $line;
    my $msg = eval { $JSON->decode($line) };
    if (ref($msg) ne 'HASH' || !(is_int($msg->{id}) || is_int($msg->{re}))) {
        fatal(3, "not a message: " . substr($line, 0, 200));
    }
    return $msg;
}

sub is_int { my $v = shift; defined $v && !ref $v && $v =~ /^-?\d+\z/ }

# Sends a callback to the harness and serves its calls until the answer comes.
sub request {
    my ($op, %fields) = @_;
    my $rid = ++$NEXT_ID;
    send_msg({ id => $rid, op => $op, %fields });
    while (1) {
        my $msg = read_msg();
        if (exists $msg->{re}) {
            fatal(3, "answer to $msg->{re} while $rid is open: " . $JSON->encode($msg)) if $msg->{re} != $rid;
            if (exists $msg->{error}) {
                die CK::ScriptedThrow->new("$msg->{error}") if $msg->{scripted};
                die "ck_bridge: the harness refused the callback: $msg->{error}\n";
            }
            return $msg->{ok};
        }
        serve($msg);
    }
}

sub take_fd {
    my $harness_fd = shift;
    return $harness_fd if $harness_fd < 0; # IDS-7's invalid fd: nothing was sent
    my $fd = IO::FDPass::recv(fileno $SIDE);
    fatal(3, "add_handle for fd $harness_fd came without an fd on the side channel") if $fd < 0;
    if (defined(my $old = $BY_HARNESS{$harness_fd})) {
        my @a = POSIX::fstat($old);
        my @b = POSIX::fstat($fd);
        if (@a && @b && $a[0] == $b[0] && $a[1] == $b[1]) {
            POSIX::close($fd); # the same file again: one fd, as in the harness (HANDLE-8)
            return $old;
        }
    }
    $BY_HARNESS{$harness_fd} = $fd;
    $BY_LOCAL{$fd} = $harness_fd;
    return $fd;
}

# --- the hooks the stand-in Sys::Virt::EventImpl calls -----------------------------------------------

%Sys::Virt::EventImpl::HOOK = (
    handle => sub {
        my ($watch, $fd, $events, $opaque) = @_;
        request('handle', reg => reg_of($opaque), watch => num($watch), fd => (defined $fd ? $BY_LOCAL{$fd} : undef), events => num($events));
    },
    timeout => sub {
        my ($timer, $opaque) = @_;
        request('timeout', reg => reg_of($opaque), timer => num($timer));
    },
    free => sub {
        my ($ff, $opaque) = @_;
        # As the XS: no ff (undef), nothing to call (FREE-8).
        return unless defined $ff;
        request('free', reg => reg_of($opaque));
    },
    register => sub {
        my $impl = shift;
        # libvirt ignores a second registration in a process; Sys::Virt replaces its own anyway.
        $IMPL = $impl;
    },
);

# A number for the JSON (a loop may hand back a string); undef stays null.
sub num { my $v = shift; defined $v && is_int($v) ? 0 + $v : undef }

# --- serving the harness's requests ------------------------------------------------------------------

sub serve {
    my $msg = shift;
    $NOW_MS = $msg->{now_ms} if is_int($msg->{now_ms}); # every request carries the virtual time
    my ($rid, $op) = ($msg->{id}, $msg->{op} // '');
    my $answer;
    my $result = eval { call($op, $msg) };
    if (my $e = $@) {
        $answer = Scalar::Util::blessed($e) && $e->isa('CK::ScriptedThrow')
            ? { re => $rid, error => 'HarnessCallbackError: ' . $e->text, scripted => JSON::PP::true }
            : { re => $rid, error => died($e) };
    } else {
        $answer = { re => $rid, ok => $result };
    }
    send_msg($answer);
    if ($op eq 'dispose') {
        STDERR->flush;
        POSIX::_exit(0);
    }
}

# "die: message at FILE line N." or "CLASS: message" for an exception object, on one line.
sub died {
    my $e = shift;
    my $type = Scalar::Util::blessed($e) // 'die';
    my $text = Scalar::Util::blessed($e) ? (eval { $e->can('message') && $e->message } // "$e") : "$e";
    $text =~ s/\s+\z//;
    $text =~ s/\n/ | /g;
    print STDERR "$type: $text\n";
    return "$type: $text";
}

sub field {
    my ($op, $m, $name) = @_;
    fatal(3, "$op without field '$name': " . $JSON->encode($m)) unless exists $m->{$name};
    return $m->{$name};
}

# What the loop returned where libvirt needs an int; anything else is that call's failure.
sub as_int {
    my $r = shift;
    die "returned " . (defined $r ? "'$r'" : 'undef') . ", not an int\n" unless is_int($r);
    return 0 + $r;
}

sub call {
    my ($op, $m) = @_;
    if ($op eq 'add_handle') {
        my $fd = take_fd(field($op, $m, 'fd'));
        my ($events, $reg) = (field($op, $m, 'events'), field($op, $m, 'reg'));
        my $ff = field($op, $m, 'ff') ? token(FF_POINTER + $reg) : undef;
        return as_int($IMPL->add_handle($fd, $events, token(HANDLE_CB_POINTER), token(POINTER_BASE + 16 * $reg), $ff));
    }
    if ($op eq 'update_handle') {
        $IMPL->update_handle(field($op, $m, 'watch'), field($op, $m, 'events'));
        return undef;
    }
    if ($op eq 'remove_handle') {
        # Sys::Virt discards this result (libvirt is told 0); IDS-5 judges it as the man page
        # documents it, and the report says so.
        return as_int($IMPL->remove_handle(field($op, $m, 'watch')));
    }
    if ($op eq 'add_timeout') {
        my ($ms, $reg) = (field($op, $m, 'ms'), field($op, $m, 'reg'));
        my $ff = field($op, $m, 'ff') ? token(FF_POINTER + $reg) : undef;
        return as_int($IMPL->add_timeout($ms, token(TIMEOUT_CB_POINTER), token(POINTER_BASE + 16 * $reg), $ff));
    }
    if ($op eq 'update_timeout') {
        $IMPL->update_timeout(field($op, $m, 'timer'), field($op, $m, 'ms'));
        return undef;
    }
    if ($op eq 'remove_timeout') {
        return as_int($IMPL->remove_timeout(field($op, $m, 'timer')));
    }
    if ($op eq 'step') {
        # Sys::Virt::EventImpl defines no iteration: the step method named in the spec, zero wait.
        $IMPL->$LOOP_STEP(0);
        return undef;
    }
    if ($op eq 'dispose') {
        for my $name (qw(close dispose)) {
            if ($IMPL->can($name)) {
                $IMPL->$name();
                last;
            }
        }
        return undef;
    }
    fatal(3, "unknown op '$op'");
}

# --- loading the loop --------------------------------------------------------------------------------

# Loads the loop once (in the parent); returns what makes a fresh one in a child.
sub loader {
    my ($package, $step) = CK::LoopSpec::load($SPEC, 1);
    return sub {
        my $obj = CK::LoopSpec::make($package);
        # A loop may register itself in its constructor; otherwise it is registered as an
        # application registers it.
        Sys::Virt::Event::register($obj) unless defined $IMPL;
        $LOOP_STEP = $step;
        return $obj;
    };
}

sub one_line { CK::LoopSpec::one_line(@_) }

# --- one connection, in a child ----------------------------------------------------------------------

sub child {
    my ($conn, $make_loop) = @_;
    $CONN = $conn;
    # The side channel comes first, as the connection's first byte.
    my $side = IO::FDPass::recv(fileno $conn);
    fatal(3, "the connection did not start with the fd side channel") if $side < 0;
    open($SIDE, '+<&=', $side) or fatal(3, "side channel: $!");
    my $flags = fcntl($SIDE, Fcntl::F_GETFL(), 0);
    fcntl($SIDE, Fcntl::F_SETFL(), $flags & ~Fcntl::O_NONBLOCK()); # wait for an fd, never miss it
    my $hello = read_msg();
    fatal(3, "expected hello, got " . $JSON->encode($hello)) unless ($hello->{op} // '') eq 'hello';
    unless (grep { $_ == VERSION } @{ $hello->{versions} // [] }) {
        send_msg({ re => $hello->{id}, error => "no common version (adapter speaks " . VERSION . ")" });
        return;
    }
    my $made = eval { $make_loop->(); 1 };
    if (!$made) {
        send_msg({ re => $hello->{id}, error => "cannot create the loop: " . one_line($@) });
        return;
    }
    # Sys::Virt's XS drops what remove_handle and remove_timeout return and tells libvirt 0.
    send_msg({ re => $hello->{id}, ok => { version => VERSION, loop => "perl:$SPEC", pid => $$, remove_result => 'discarded' } });
    while (1) {
        my $msg = read_msg();
        fatal(3, "answer with no request open: " . $JSON->encode($msg)) if exists $msg->{re};
        serve($msg);
    }
}

# --- the parent: a spare child always waiting in accept() ----------------------------------------

my @SIG_NAME = split ' ', $Config::Config{sig_name};
my %CHILDREN;
my $SPARE = 0;
my ($TAKEN_R, $TAKEN_W);

sub reap {
    # How each child ended, in FOLDER/PID.exit: the harness is not its parent and cannot wait.
    while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
        my $status = $?;
        delete $CHILDREN{$pid};
        if ($pid == $SPARE) {
            $SPARE = 0; # died before its connection came: fork another
            syswrite($TAKEN_W, 'x');
        }
        my $how = $status & 127
            ? sprintf('killed by signal %d (SIG%s)', $status & 127, $SIG_NAME[$status & 127] // '?')
            : sprintf('exited with status %d', $status >> 8);
        if (open my $f, '>', "$FOLDER/$pid.exit") {
            print $f $how;
            close $f;
        }
    }
}

sub prepare_child {
    # Our own stderr file, so that the harness shows this loop's last words, not another's.
    open(STDERR, '>', "$FOLDER/$$.stderr") or POSIX::_exit(5);
    STDERR->autoflush(1);
    # What the loop prints goes there too: stdout is the pipe the harness read READY from and reads
    # no more, and a loop that filled it would block for ever.
    open(STDOUT, '>&', \*STDERR) or POSIX::_exit(5);
    # Die with the parent (prctl PR_SET_PDEATHSIG, SIGKILL); fork clears the parent's setting.
    syscall($SYS_PRCTL, 1, 9);
    # No core dump (RLIMIT_CORE 4, soft and hard 0): a loop that crashes is reported by the signal
    # that killed it, and writing its core can keep the child dying for longer than the harness
    # waits to be told how it ended. The kernel ignores the limit for a core_pattern pipe, so the
    # child is made not dumpable too (prctl PR_SET_DUMPABLE, 0).
    my $none = pack('Q2', 0, 0); # syscall passes a string by pointer, and wants it writable
    syscall($SYS_SETRLIMIT, 4, $none);
    syscall($SYS_PRCTL, 4, 0);
    $SIG{INT} = 'DEFAULT';
    $SIG{CHLD} = 'DEFAULT';
    $SIG{PIPE} = 'IGNORE'; # a write to a closed harness is end of file, not a silent death
}

sub fork_spare {
    my ($listener, $make_loop) = @_;
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid) {
        $CHILDREN{$pid} = 1;
        $SPARE = $pid;
        return;
    }
    my $code = 0;
    close $TAKEN_R;
    open(STDIN, '<', '/dev/null');
    prepare_child();
    my $conn = $listener->accept;
    syswrite($TAKEN_W, 'x');
    close $TAKEN_W;
    close $listener;
    if (!eval { child($conn, $make_loop); 1 }) {
        print STDERR "ck_bridge: " . one_line($@) . "\n";
        $code = 4;
    }
    STDERR->flush;
    POSIX::_exit($code); # never back into the parent's loop
}

sub main {
    if (@ARGV != 2) {
        print STDERR "usage: ck_bridge.pl SOCKET_PATH [-IDIR:]FILE.pm[:PACKAGE[:STEP]]\n";
        return 2;
    }
    $FOLDER = File::Basename::dirname($SOCKET_PATH);
    STDOUT->autoflush(1);
    my $make_loop = eval { loader() };
    if (!$make_loop) {
        print "ERROR " . one_line($@) . "\n";
        return 2;
    }
    my $listener = IO::Socket::UNIX->new(Type => Socket::SOCK_STREAM(), Local => $SOCKET_PATH, Listen => 64)
        or do { print "ERROR cannot listen on $SOCKET_PATH: $!\n"; return 2 };
    pipe($TAKEN_R, $TAKEN_W) or die "pipe: $!";
    $TAKEN_W->autoflush(1);
    $SIG{CHLD} = \&reap;
    fork_spare($listener, $make_loop);
    my $sel = IO::Select->new($TAKEN_R, \*STDIN); # stdin is the lifeline: EOF when the harness is gone
    print "READY $$ fds=side\n";
    while (1) {
        for my $fh ($sel->can_read(1.0)) {
            if ($fh == \*STDIN) {
                my $n = sysread(STDIN, my $junk, 4096);
                next if !defined $n && $!{EINTR};
                if (!$n) {
                    $SIG{CHLD} = 'DEFAULT';
                    kill 'KILL', keys %CHILDREN;
                    # Reaped before this process exits: none outlives the run even for a moment.
                    waitpid($_, 0) for keys %CHILDREN;
                    # The folder too (socket, stderr and exit files): the harness is done with it,
                    # and one that was killed, or whose exit handlers did not run, cannot remove it.
                    File::Path::remove_tree($FOLDER);
                    return 0;
                }
                next;
            }
            sysread($TAKEN_R, my $junk, 4096);
            fork_spare($listener, $make_loop);
        }
        reap();
    }
}

exit main();
