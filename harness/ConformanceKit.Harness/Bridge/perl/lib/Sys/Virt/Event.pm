package Sys::Virt::Event;

# ConformanceKit's stand-in for Sys::Virt::Event. Before Sys::Virt 9.7 (Debian 12 ships 9.0.0) this
# package was the loop's base class, with the constants, register and the three helpers; from 9.7
# it is a subclass of Sys::Virt::EventImpl. Shaped as 9.7 shapes it, so that a loop written to
# either base class (the man page's fallback) loads.

use strict;
use warnings;

require Sys::Virt::EventImpl;
our @ISA = ('Sys::Virt::EventImpl');

# Constants are called as functions (Sys::Virt::Event::HANDLE_READABLE), which @ISA does not
# reach: each package has its own.
use constant {
    HANDLE_READABLE => 1,
    HANDLE_WRITABLE => 2,
    HANDLE_ERROR    => 4,
    HANDLE_HANGUP   => 8,
};

# Called as a function, Sys::Virt::Event::register($impl); a loop of either base class is accepted.
sub register {
    my $impl = shift;
    die "event implementation must be a subclass of Sys::Virt::Event or Sys::Virt::EventImpl"
        unless ref($impl) && $impl->isa("Sys::Virt::EventImpl");
    $Sys::Virt::EventImpl::HOOK{register}->($impl);
}

sub register_default { Sys::Virt::EventImpl::register_default() }

sub run_default { Sys::Virt::EventImpl::run_default() }

1;
