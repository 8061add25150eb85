package Unusual;

# Correct Perl loops written in unusual ways, each certified through the bridge (PerlBridgeTests):
# the harness must check the rule, not TinyLoop's way of keeping it.

use strict;
use warnings;

use Scalar::Util ();
use TinyLoop;

package Unusual::CopiesTokens {
    # Checks that $cb, $opaque and $ff are shaped as Sys::Virt's XS shapes them (unblessed SCALAR
    # references, $ff undef when libvirt gave none) and keeps copies of them, not the originals:
    # the XS goes by the pointer inside, so copies must work.
    our @ISA = ('TinyLoop');

    sub copy {
        my ($what, $token, $may_be_undef) = @_;
        return undef if $may_be_undef && !defined $token;
        die "$what is not shaped as Sys::Virt's XS shapes it: " . (defined $token ? "'$token'" : 'undef') . "\n"
            unless ref($token) eq 'SCALAR' && !Scalar::Util::blessed($token) && $$token =~ /^\d+\z/;
        my $v = $$token;
        return \$v;
    }

    sub add_handle {
        my ($self, $fd, $events, $cb, $opaque, $ff) = @_;
        return $self->SUPER::add_handle($fd, $events, copy('cb', $cb), copy('opaque', $opaque), copy('ff', $ff, 1));
    }

    sub add_timeout {
        my ($self, $ms, $cb, $opaque, $ff) = @_;
        return $self->SUPER::add_timeout($ms, copy('cb', $cb), copy('opaque', $opaque), copy('ff', $ff, 1));
    }
}

# The man page's fallback for Sys::Virt before 9.7: a subclass of Sys::Virt::Event, registered
# in its own constructor with Sys::Virt::Event::register.
package Unusual::OldBaseRegistersItself {
    require Sys::Virt::Event;
    our @ISA = ('Sys::Virt::Event', 'TinyLoop');

    sub new {
        my $self = TinyLoop::new(shift);
        Sys::Virt::Event::register($self);
        return $self;
    }
}

# Prints a line on every iteration, as a loop with debugging left in does: hundreds of kilobytes
# over a certification, which must not block it.
package Unusual::Chatty {
    our @ISA = ('TinyLoop');
    sub run_once {
        my $self = shift;
        print "run_once: ", scalar(keys %{ $self->{watches} }), " watches, ", scalar(keys %{ $self->{timers} }), " timers\n";
        $self->SUPER::run_once(@_);
    }
}

# Ids from a counter at file scope, as a Perl loop may keep (libvirt allows one loop per process):
# correct only because each scenario meets a fresh process.
my $next_id = 1;

package Unusual::FileScopeIds {
    our @ISA = ('TinyLoop');
    sub new_id { $next_id++ }
}

1;
