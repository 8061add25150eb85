package Mutants;

# Perl mutants of TinyLoop, one known bug each, each convicted of its rule through the bridge
# (PerlBridgeTests), and loops that kill or hang their adapter child.

use strict;
use warnings;

use TinyLoop;

package Mutants::FfInsideRemove {
    # FREE-3: the free callback runs inside remove (the bug that deadlocked libvirt).
    our @ISA = ('TinyLoop');
    sub free_later { $_[0]->free_now($_[1]) }
}

package Mutants::HangupOnlyWhenAsked {
    # HANDLE-3: Error and Hangup are reported only when the mask asks for them (it never does).
    our @ISA = ('TinyLoop');
    sub events_of {
        my ($self, $mask, $revents) = @_;
        return $self->SUPER::events_of($mask, $revents) & ($mask | ~(TinyLoop::ERROR | TinyLoop::HANGUP));
    }
}

package Mutants::ZeroFiresOnce {
    # TIMER-2: frequency 0 fires once, then never again.
    our @ISA = ('TinyLoop');
    sub fires {
        my ($self, $t, $now) = @_;
        if ($t->{ms} == 0) {
            $t->{ms} = -1;
            return 1;
        }
        return $self->SUPER::fires($t, $now);
    }
}

package Mutants::IdsFromZero {
    # IDS-1 / IDS-2: one counter for handles and timers, starting at 0.
    our @ISA = ('TinyLoop');
    sub first_id { 0 }
}

package Mutants::RemoveReturnsOne {
    # IDS-5: remove returns 1 (a count, as `delete` would) instead of 0. Sys::Virt would discard it.
    our @ISA = ('TinyLoop');
    sub remove_handle { my $r = shift->SUPER::remove_handle(@_); $r == 0 ? 1 : $r }
    sub remove_timeout { my $r = shift->SUPER::remove_timeout(@_); $r == 0 ? 1 : $r }
}

package Mutants::UpdateUnknownDies {
    # IDS-6: an update of an id that is not live dies.
    our @ISA = ('TinyLoop');
    sub update_handle {
        my ($self, $watch, $events) = @_;
        die "no watch $watch\n" unless $self->{watches}{$watch};
        $self->SUPER::update_handle($watch, $events);
    }
    sub update_timeout {
        my ($self, $timer, $ms) = @_;
        die "no timer $timer\n" unless $self->{timers}{$timer};
        $self->SUPER::update_timeout($timer, $ms);
    }
}

package Mutants::ExitsInTimer {
    # Kills its adapter child when a timer is added: a crash of the case.
    our @ISA = ('TinyLoop');
    sub add_timeout { require POSIX; POSIX::_exit(7) }
}

package Mutants::SegfaultsInTimer {
    # Kills its adapter child with SIGSEGV (whose default action dumps core) when a timer is added.
    our @ISA = ('TinyLoop');
    sub add_timeout { kill 'SEGV', $$; sleep 1 while 1 }
}

package Mutants::RefusesToRunDumpable {
    # Not a mutant: will not start in an adapter child that could dump core (prctl
    # PR_GET_DUMPABLE, 3, gives 1), which the adapter should have made not dumpable.
    our @ISA = ('TinyLoop');
    sub new {
        my $class = shift;
        my $prctl = eval { require 'syscall.ph'; &SYS_prctl } // 157;
        die "this adapter child can dump core\n" if syscall($prctl, 3) != 0;
        return $class->SUPER::new(@_);
    }
}

package Mutants::HangsInTimer {
    # Never returns from add_timeout: a hang of the case.
    our @ISA = ('TinyLoop');
    sub add_timeout { 1 while 1 }
}

package Mutants::StepDiesWithATimer {
    # Dies out of its iteration whenever a timer is registered: the step's failure, under "die".
    our @ISA = ('TinyLoop');
    sub run_once {
        my $self = shift;
        die "a timer is registered\n" if %{ $self->{timers} };
        $self->SUPER::run_once(@_);
    }
}

1;
