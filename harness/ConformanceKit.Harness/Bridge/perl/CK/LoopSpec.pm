package CK::LoopSpec;

# Where a Perl loop under certification is and how it is loaded: the spec
# [-IDIR:]...FILE.pm[:PACKAGE[:STEP]], shared by the bridge adapter (ck_bridge.pl, against the
# stand-in Sys::Virt) and the real-Sys::Virt session (ck_sysvirt.pl, against Debian's).

use strict;
use warnings;

use File::Basename ();
use File::Spec ();
use Scalar::Util ();

sub one_line { my $t = shift; $t =~ s/\s+\z//; $t =~ s/\n/ | /g; $t }

# Splits the spec at single colons (a package name has double ones).
sub parse {
    my $spec = shift;
    my @items = split /(?<!:):(?!:)/, $spec;
    my @inc;
    push @inc, substr(shift @items, 2) while @items && $items[0] =~ /^-I./;
    my ($file, $package, $step) = @items;
    die "loop '$spec': use [-IDIR:]FILE.pm[:PACKAGE[:STEP]]\n" if !defined $file || @items > 3 || grep { !length } @items;
    return (\@inc, $file, $package, $step // 'run_once');
}

# Loads the loop's file with its folders after the first @INC entry (the one the caller put first
# stays first: the stand-in must not lose to Debian's Sys::Virt); returns (PACKAGE, STEP).
sub load {
    my ($spec, $keep_first) = @_;
    my ($inc, $file, $package, $step) = parse($spec);
    die "no such file: $file\n" unless -f $file;
    $file = File::Spec->rel2abs($file);
    open my $fh, '<', $file or die "cannot read $file: $!\n";
    my $text = do { local $/; <$fh> };
    my @declared = $text =~ /^\s*package\s+([A-Za-z_][\w:]*)/mg;
    $package //= $declared[0] // die "$file declares no package: name one (FILE.pm:PACKAGE)\n";
    # The folder the package resolves from (lib/ for lib/My/Loop.pm and My::Loop), or else the
    # file's own: its siblings are then loadable, as under `prove -Ilib`.
    (my $rel = "$package.pm") =~ s{::}{/}g;
    my $root = $file =~ /^(.*)\/\Q$rel\E\z/ ? $1 : File::Basename::dirname($file);
    my @first = $keep_first ? (shift @INC) : ();
    unshift @INC, @first, (map { File::Spec->rel2abs($_) } @$inc), $root;
    my $ok = eval { require $file; 1 };
    die "cannot load $file: " . one_line($@) . "\n" unless $ok;
    die "$file has no package $package\n" unless $package->can('new') || $package->can('add_handle');
    die "$package is not a subclass of Sys::Virt::EventImpl or Sys::Virt::Event\n"
        unless $package->isa('Sys::Virt::EventImpl') || $package->isa('Sys::Virt::Event');
    die "$package has no step method $step (name it: FILE.pm:PACKAGE:STEP)\n" unless $package->can($step);
    return ($package, $step);
}

# A new loop object, or a one-line reason.
sub make {
    my $package = shift;
    my $obj = $package->new;
    die "$package->new returned " . (defined $obj ? "'$obj'" : 'undef') . ", not an object\n" unless Scalar::Util::blessed($obj);
    return $obj;
}

1;
