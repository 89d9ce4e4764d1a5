// `memgit completion bash|zsh`: a completion script for the verbs, their subcommands and
// options, generated from the commander definitions (verbs that parse their own words complete
// by name only). zsh runs the bash script through bashcompinit.
import type { Command } from "commander";
import { loadVerb, verbs } from "../verbFiles.ts";
import { out } from "../render.ts";
import { runVerb, verbCommand } from "../verbCommand.ts";

export const summary = "print a shell completion script: source <(memgit completion bash)";

const words = (cmd: Command) => [...cmd.commands.map((c) => c.name()), ...[...cmd.options, ...(cmd.parent?.options ?? [])].map((o) => o.long ?? o.short ?? "")].filter(Boolean);

async function script(shell: "bash" | "zsh"): Promise<string> {
  const cases: string[] = [];
  for (const verb of verbs) {
    const mod = await loadVerb(verb);
    const cmd = mod.command?.();
    if (!cmd) continue;
    cases.push(`    ${verb}) words="${words(cmd).join(" ")}" ;;`);
    for (const sub of cmd.commands) cases.push(`    "${verb} ${sub.name()}") words="${words(sub).join(" ")}" ;;`);
  }
  const body = `_memgit() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    words="${verbs.join(" ")} --help --version"
  else
    local key="\${COMP_WORDS[1]}"
    [ "$COMP_CWORD" -gt 2 ] && key="\${COMP_WORDS[1]} \${COMP_WORDS[2]}"
    case "$key" in
${cases.join("\n")}
    *) case "\${COMP_WORDS[1]}" in
${cases.filter((c) => !c.trimStart().startsWith('"')).join("\n")}
       esac ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _memgit memgit ./memgit
`;
  return shell === "zsh" ? `autoload -U +X bashcompinit && bashcompinit\n${body}` : body;
}

export function command(): Command {
  return verbCommand("completion", summary)
    .argument("<shell>", "bash or zsh")
    .action(async (shell: string, _o: object, self: Command) => {
      if (shell !== "bash" && shell !== "zsh") self.error(`error: unknown shell '${shell}': bash or zsh`);
      out(await script(shell as "bash" | "zsh"));
    });
}

export const run = (argv: string[]) => runVerb(command(), argv);
