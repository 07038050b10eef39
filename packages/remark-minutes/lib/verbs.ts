/** Text that opens with a verb in the imperative: `Document …`, `set up …`. */
export const imperative = new RegExp(
  `^[\\s*_~>•·-]*(?:${[
    'add', 'adjust', 'align', 'announce', 'ask', 'check', 'clarify', 'clean up', 'collect', 'come up with',
    'communicate', 'compile', 'consolidate', 'contact', 'coordinate', 'create', 'define', 'deploy', 'describe',
    'design', 'discuss', 'document', 'draft', 'draw up', 'evaluate', 'extend', 'figure out', 'file', 'find', 'finish',
    'finalize', 'finalise', 'fix', 'follow up', 'forward', 'gather', 'get', 'implement', 'improve', 'inform',
    'install', 'investigate', 'invite', 'look', 'make', 'merge', 'migrate', 'move', 'open', 'organize',
    'organise', 'plan', 'ping', 'post', 'prepare', 'present', 'prioritize', 'prioritise', 'propose', 'provide',
    'publish', 'push', 'put', 'raise', 'reach out', 'refine', 'release', 'remove', 'rename', 'reply', 'report',
    'request', 'research', 'resolve', 'review', 'reword', 'rework', 'schedule', 'send', 'set up', 'setup',
    'share', 'sort out', 'start', 'submit', 'summarize', 'summarise', 'support', 'sync', 'take care', 'talk',
    'test', 'track', 'try', 'update', 'upload', 'validate', 'verify', 'write',
    'integrate', 'include', 'enable', 'disable', 'decide', 'assign', 'approve', 'backport', 'bump', 'confirm', 'convert',
    'deprecate', 'edit', 'ensure', 'establish', 'explore', 'identify', 'introduce', 'maintain', 'outline', 'prototype',
    'refactor', 'revisit', 'rewrite', 'triage', 'nominate', 'circulate', 'arrange', 'configure', 'consider', 'delete',
    'email', 'engage', 'expand', 'notify', 'onboard', 'rebase', 'recruit', 'reorganize', 'reorganise', 'replace',
    'reproduce', 'renew', 'resume', 'revise', 'rotate', 'simplify', 'specify', 'standardize', 'standardise', 'suggest', 'upgrade',
    'wrap up', 'pick up', 'think about', 'get in touch', 'double check', 'double-check', 'comment', 'close',
    'chase', 'remind', 'bisect', 'benchmark', 'ship', 'translate', 'fill in',
  ].join('|')})\\b`,
  'i',
)
