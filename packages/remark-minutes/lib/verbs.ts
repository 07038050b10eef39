/** Text that opens with a verb in the imperative: `Document …`, `set up …`. */
export const imperative = new RegExp(
  `^[\\s*_~>•·-]*(?:${[
    'add', 'adjust', 'align', 'announce', 'ask', 'check', 'clarify', 'clean up', 'collect', 'come up with',
    'communicate', 'compile', 'consolidate', 'contact', 'coordinate', 'create', 'define', 'deploy', 'describe',
    'design', 'discuss', 'document', 'draft', 'evaluate', 'extend', 'figure out', 'file', 'find', 'finish',
    'finalize', 'finalise', 'fix', 'follow up', 'forward', 'gather', 'get', 'implement', 'improve', 'inform',
    'install', 'investigate', 'invite', 'look', 'make', 'merge', 'migrate', 'move', 'open', 'organize',
    'organise', 'plan', 'ping', 'post', 'prepare', 'present', 'prioritize', 'prioritise', 'propose', 'provide',
    'publish', 'push', 'put', 'raise', 'reach out', 'refine', 'release', 'remove', 'rename', 'reply', 'report',
    'request', 'research', 'resolve', 'review', 'reword', 'rework', 'schedule', 'send', 'set up', 'setup',
    'share', 'sort out', 'start', 'submit', 'summarize', 'summarise', 'support', 'sync', 'take care', 'talk',
    'test', 'track', 'try', 'update', 'upload', 'validate', 'verify', 'write',
  ].join('|')})\\b`,
  'i',
)
