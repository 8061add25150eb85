using ConformanceKit.Libvirt;
using ConformanceKit.Libvirt.Probes;

// Child-process entry point: libvirt accepts one event-loop implementation per process, so each
// native case runs in a process of its own and reports JSON on stdout.
//   selftest default|glib           -> SelfCheckReport; exit 0 when every check matched, 1 otherwise
//   adapter                         -> SelfCheckReport of the adapters' own behaviour
//   drive reference [--loop-thread] [--ops suspend,resume,...]
//                                   -> RealLibvirtRun; exit 0 when it succeeded, 1 otherwise
// Exit 2: bad arguments or libvirt cannot be loaded (message on stderr).
return ChildMain.Run(args, Console.Out, Console.Error);
