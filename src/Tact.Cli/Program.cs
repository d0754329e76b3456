using Tact.Cli;

return TactCli.Run(args, Console.Out, Console.Error);
