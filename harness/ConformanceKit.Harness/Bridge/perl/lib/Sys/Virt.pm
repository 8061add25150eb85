package Sys::Virt;

# ConformanceKit's stand-in for Sys::Virt, first in @INC of the Perl bridge adapter: a loop that
# says `use Sys::Virt` gets this, and no libvirt is loaded. Only the event-loop contract is here
# (Sys::Virt::EventImpl, Sys::Virt::Event); a loop that opens connections is not certifiable
# with the stand-in (its real-libvirt run is `perl:...` with --tier native).

use strict;
use warnings;

# A loop may look at the version to choose between Sys::Virt::EventImpl (9.7 and later) and
# Sys::Virt::Event; both are here, so the stand-in says it is the newer one.
our $VERSION = '9.7.0';

require Sys::Virt::EventImpl;
require Sys::Virt::Event;

1;
