<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>hearth::gui::AnswerStream</name>
    <message>
        <source>Reached the token limit</source>
        <translation>已达到词元上限</translation>
    </message>
    <message>
        <source>The context is full</source>
        <translation>上下文已满</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ChatPane</name>
    <message>
        <source>Choose a model first: add one on the Models page.</source>
        <translation>请先选择模型：可在“模型”页面添加。</translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation>已加载 %1</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Optional: how the assistant should behave in this chat</source>
        <translation>可选：助手在本次对话中应如何表现</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Memory and offload</source>
        <translation>内存与卸载</translation>
    </message>
    <message>
        <source>The model to chat with</source>
        <translation>用于对话的模型</translation>
    </message>
    <message>
        <source>Ask anything.
Answers are written on this computer; nothing leaves it.</source>
        <translation>随便问点什么吧。
回答完全在这台电脑上生成，任何内容都不会离开本机。</translation>
    </message>
    <message>
        <source>Hide settings</source>
        <translation>隐藏设置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>No model yet. Add a GGUF file or convert a Hugging Face model first.</source>
        <translation>还没有模型。请先添加 GGUF 文件或转换 Hugging Face 模型。</translation>
    </message>
    <message>
        <source>Go to Models</source>
        <translation>前往模型页</translation>
    </message>
    <message>
        <source>Show or hide the system prompt, sampling and memory settings</source>
        <translation>显示或隐藏系统提示词、采样和内存设置</translation>
    </message>
</context>
<context>
    <name>hearth::gui::CodeBlockWidget</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>将代码复制到剪贴板</translation>
    </message>
</context>
<context>
    <name>hearth::gui::Composer</name>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter adds a line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop writing the answer (Esc)</source>
        <translation>停止生成回答（Esc）</translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation>发送消息（Enter）</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ConversationList</name>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete “%1” and all its messages?</source>
        <translation>删除“%1”及其全部消息？</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ConversationStore</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Could not open the chat history %1: %2</source>
        <translation>无法打开对话记录 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a chat history database: %2</source>
        <translation>%1 不是对话记录数据库：%2</translation>
    </message>
    <message>
        <source>The chat history %1 was written by a newer version of Hearth (schema %2; this version reads up to %3). It was left unchanged.</source>
        <translation>对话记录 %1 由更新版本的 Hearth 写入（结构版本 %2；本版本最高只能读取 %3）。该文件未被改动。</translation>
    </message>
</context>
<context>
    <name>hearth::gui::DropRouter</name>
    <message>
        <source>Only files and folders can be dropped here.</source>
        <translation>这里只能拖入文件和文件夹。</translation>
    </message>
    <message>
        <source>%1 is neither a Hugging Face model folder (no config.json) nor a folder of GGUF files.</source>
        <translation>%1 既不是 Hugging Face 模型文件夹（没有 config.json），也不是存放 GGUF 文件的文件夹。</translation>
    </message>
    <message>
        <source>%1 is not a model: drop a .gguf file or a Hugging Face model folder.</source>
        <translation>%1 不是模型：请拖入 .gguf 文件或 Hugging Face 模型文件夹。</translation>
    </message>
    <message>
        <source>Drop to convert and quantize
%1</source>
        <translation>松开即可转换并量化
%1</translation>
    </message>
    <message numerus="yes">
        <source>Drop to add %n model(s) to the library</source>
        <translation>
            <numerusform>松开即可将 %n 个模型加入模型库</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop to add this folder to the library
%1</source>
        <translation>松开即可将此文件夹加入模型库
%1</translation>
    </message>
</context>
<context>
    <name>hearth::gui::EngineBackend</name>
    <message>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message numerus="yes">
        <source>CPU, %n thread(s)</source>
        <translation>
            <numerusform>CPU，%n 个线程</numerusform>
        </translation>
    </message>
    <message>
        <source>The conversation (%1 tokens) does not fit in the context of %2 tokens. Start a new chat, choose a larger context size in Memory and offload, or let the chat leave out old turns (Sampling: when the conversation outgrows the context).</source>
        <translation>对话（%1 个词元）超出了 %2 个词元的上下文。请新建对话、在“内存与卸载”中选择更大的上下文，或让对话省略旧的轮次（采样：对话超出上下文时）。</translation>
    </message>
    <message>
        <source>%1/%2 layers on %3, %4</source>
        <translation>%1/%2 层在 %3 上，%4</translation>
    </message>
    <message>
        <source>The GPU stopped responding (%1). Hearth now runs this model on the CPU: send your message again. Reload to try the GPU again.</source>
        <translation>显卡停止响应（%1）。Hearth 现在在 CPU 上运行这个模型：请重新发送消息。重新加载可再次尝试使用显卡。</translation>
    </message>
</context>
<context>
    <name>hearth::gui::Format</name>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 TiB</source>
        <translation>%1 TiB</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>hearth::gui::MainWindow</name>
    <message>
        <source>Converting…</source>
        <translation>正在转换…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Chats are not saved in this session: %1</source>
        <translation>本次运行不会保存对话：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) cut off when Hearth last closed were kept.</source>
        <translation>
            <numerusform>Hearth 上次关闭时有 %n 条回答被中断，已保留已生成的内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation>打开 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation>关于 Hearth</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hearth %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Hearth %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Runs large language models on your own PC. Models are converted, quantized and run on this computer; nothing is sent anywhere.</source>
        <translation>在你自己的电脑上运行大语言模型。模型的转换、量化和运行都在本机完成，不会向任何地方发送数据。</translation>
    </message>
    <message>
        <source>Hearth</source>
        <translation>Hearth</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Add &amp;model file…</source>
        <translation>添加模型文件(&amp;M)…</translation>
    </message>
    <message>
        <source>Add library &amp;folder…</source>
        <translation>添加模型库文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Convert a Hugging Face folder…</source>
        <translation>转换 Hugging Face 文件夹(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation>关于 Hearth(&amp;A)</translation>
    </message>
    <message>
        <source>A conversion is running; drop the folder again when it has finished.</source>
        <translation>正在进行转换，请在完成后再拖入该文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>Added %n model(s) to the library</source>
        <translation>
            <numerusform>已将 %n 个模型加入模型库</numerusform>
        </translation>
    </message>
    <message>
        <source>Added the library folder %1</source>
        <translation>已添加模型库文件夹 %1</translation>
    </message>
    <message>
        <source>Quit Hearth</source>
        <translation>退出 Hearth</translation>
    </message>
    <message>
        <source>A conversion is still running. Stop it and quit? The unfinished file is removed.</source>
        <translation>仍有转换在进行。要停止并退出吗？未完成的文件会被删除。</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>Vulkan: %1</source>
        <translation>Vulkan：%1</translation>
    </message>
    <message>
        <source>none (%1)</source>
        <translation>无（%1）</translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation>版本：%1</translation>
    </message>
    <message>
        <source>CPU kernels: %1</source>
        <translation>CPU 内核：%1</translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation>GPU：%1</translation>
    </message>
    <message>
        <source>Qt: %1</source>
        <translation>Qt：%1</translation>
    </message>
    <message>
        <source>Hearth uses Qt (LGPL-3.0), PCRE2 (BSD), SentencePiece (Apache-2.0), SQLite (public domain), cpp-httplib (MIT), nlohmann/json (MIT) and CLI11 (BSD). GGUF is the file format of the llama.cpp project. Their licences are in the licenses folder beside the program (Windows) or in /usr/share/doc (Linux).</source>
        <translation>Hearth 使用了 Qt（LGPL-3.0）、PCRE2（BSD）、SentencePiece（Apache-2.0）、SQLite（公有领域）、cpp-httplib（MIT）、nlohmann/json（MIT）和 CLI11（BSD）。GGUF 是 llama.cpp 项目的文件格式。它们的许可证位于程序旁的 licenses 文件夹（Windows）或 /usr/share/doc（Linux）。</translation>
    </message>
</context>
<context>
    <name>hearth::gui::MemorySplitView</name>
    <message>
        <source>Select a model to see where its memory goes.</source>
        <translation>选择一个模型，查看它的内存都用在了哪里。</translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation>显存</translation>
    </message>
    <message>
        <source>GPU memory (planned)</source>
        <translation>显存（规划）</translation>
    </message>
    <message>
        <source>System RAM</source>
        <translation>系统内存</translation>
    </message>
    <message>
        <source>%1 of %2 usable</source>
        <translation>已用 %1，可用 %2</translation>
    </message>
    <message>
        <source>Block %1 weights</source>
        <translation>第 %1 层权重</translation>
    </message>
    <message>
        <source>Token embeddings</source>
        <translation>词元嵌入</translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation>KV 缓存</translation>
    </message>
    <message>
        <source>Output head</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>Scratch buffers</source>
        <translation>临时缓冲区</translation>
    </message>
    <message>
        <source>Kept free: %1</source>
        <translation>预留空闲：%1</translation>
    </message>
    <message>
        <source>Block weights</source>
        <translation>各层权重</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Scratch</source>
        <translation>临时缓冲</translation>
    </message>
    <message>
        <source>Kept free</source>
        <translation>预留空闲</translation>
    </message>
    <message>
        <source>Does not fit: %1 more needed</source>
        <translation>放不下：还需要 %1</translation>
    </message>
</context>
<context>
    <name>hearth::gui::MessageWidget</name>
    <message>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Interrupted: Hearth closed while this answer was being written</source>
        <translation>已中断：生成这条回答时 Hearth 被关闭</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>复制这条消息</translation>
    </message>
    <message>
        <source>Edit and send again</source>
        <translation>编辑后重新发送</translation>
    </message>
    <message>
        <source>Write this answer again</source>
        <translation>重新生成这条回答</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelBrowser</name>
    <message>
        <source>Chat with this model</source>
        <translation>用此模型对话</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Add a library folder</source>
        <translation>添加模型库文件夹</translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation>添加 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Move “%1” (%2) to the trash?</source>
        <translation>将“%1”（%2）移到回收站？</translation>
    </message>
    <message>
        <source>The file is removed from the library and from the disk.</source>
        <translation>该文件会从模型库和磁盘中删除。</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>“%1” could not be moved to the trash (%2). Delete it permanently?</source>
        <translation>无法将“%1”移到回收站（%2）。要永久删除吗？</translation>
    </message>
    <message>
        <source>“%1” could not be deleted: %2</source>
        <translation>无法删除“%1”：%2</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Filter by name, architecture or quantization…</source>
        <translation>按名称、架构或量化类型筛选…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the library folders again</source>
        <translation>重新读取模型库文件夹</translation>
    </message>
    <message>
        <source>No models yet.

Drop a .gguf file or a Hugging Face model folder anywhere on this window,
or add a folder that holds GGUF files.</source>
        <translation>还没有模型。

将 .gguf 文件或 Hugging Face 模型文件夹拖到窗口任意位置，
或添加一个存放 GGUF 文件的文件夹。</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) in %1</source>
        <translation>
            <numerusform>%1 中有 %n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <source>no folder</source>
        <translation>（无文件夹）</translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation>打开 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Convert a Hugging Face model…</source>
        <translation>转换 Hugging Face 模型…</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelDetailsPane</name>
    <message>
        <source>Select a model to see its details.

Drop a .gguf file or a Hugging Face folder anywhere on this window to add it.</source>
        <translation>选择一个模型查看详情。

将 .gguf 文件或 Hugging Face 文件夹拖到窗口任意位置即可添加。</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation>量化…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Tensor types</source>
        <translation>张量类型</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>元数据</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>&lt;b&gt;This file cannot be used.&lt;/b&gt;&lt;br&gt;%1</source>
        <translation>&lt;b&gt;无法使用此文件。&lt;/b&gt;&lt;br&gt;%1</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n tensor(s)</source>
        <translation>
            <numerusform>%1，共 %n 个张量</numerusform>
        </translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Embedding width</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <source>%1 tokens (%2)</source>
        <translation>%1 个词元（%2）</translation>
    </message>
    <message>
        <source>unknown tokenizer</source>
        <translation>未知分词器</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>included</source>
        <translation>已包含</translation>
    </message>
    <message>
        <source>none (a generic template is used)</source>
        <translation>无（将使用通用模板）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>GGUF version %1</source>
        <translation>GGUF 版本 %1</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>基本信息</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelLibrary</name>
    <message>
        <source>the file could not be removed</source>
        <translation>无法删除该文件</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelScanner</name>
    <message>
        <source>%1: the file has no general.architecture key, so it cannot be run</source>
        <translation>%1：文件中没有 general.architecture 键，因此无法运行</translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelTableModel</name>
    <message>
        <source>Unreadable: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>量化类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
</context>
<context>
    <name>hearth::gui::OffloadPanel</name>
    <message>
        <source>Choose a model to plan its memory.</source>
        <translation>选择一个模型来规划其内存占用。</translation>
    </message>
    <message>
        <source>%1 tokens (trained: %2)</source>
        <translation>%1 词元（训练长度：%2）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>This plan needs more system memory than is free. Choose a smaller context.</source>
        <translation>此方案需要的系统内存超过了可用内存。请选择更小的上下文。</translation>
    </message>
    <message>
        <source>This plan does not fit the GPU. Use fewer GPU layers or a smaller context, or press Auto.</source>
        <translation>此方案超出显存。请减少 GPU 层数或缩小上下文，或点击“自动”。</translation>
    </message>
    <message>
        <source>Total: %1 (GPU %2, system %3).</source>
        <translation>合计：%1（GPU %2，系统 %3）。</translation>
    </message>
    <message>
        <source>Plan for a GPU of</source>
        <translation>按此显存容量规划</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Put as many layers on the GPU as fit, keeping the margin free</source>
        <translation>在保留余量的前提下，把尽可能多的层放到 GPU 上</translation>
    </message>
    <message>
        <source>Reload the model to apply these settings.</source>
        <translation>重新加载模型后这些设置才会生效。</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>No memory estimate for this file: %1</source>
        <translation>无法估算此文件的内存占用：%1</translation>
    </message>
    <message>
        <source>Layers on the GPU run on %1 (%2, %3 free); the rest run on the CPU.</source>
        <translation>放到 GPU 上的层在 %1 上运行（%2，空闲 %3）；其余在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Planning for another GPU: every layer runs on the CPU until you choose a device above. The GPU bar shows what a GPU of the size below would hold.</source>
        <translation>为另一块显卡做规划：在上方选择设备之前，所有层都在 CPU 上运行。GPU 条形图显示的是下方所填容量的显卡能放下多少。</translation>
    </message>
    <message>
        <source>No GPU backend is available: %1 Hearth runs every layer on the CPU. The GPU bar shows what a GPU of the size below would hold.</source>
        <translation>没有可用的 GPU：%1 Hearth 在 CPU 上运行所有层。GPU 条形图显示的是下方所填容量的显卡能放下多少。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Plan for another GPU</source>
        <translation>为另一块显卡规划</translation>
    </message>
</context>
<context>
    <name>hearth::gui::OutputPage</name>
    <message>
        <source>Choose the output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Free on this disk: %1 (about %2 needed).</source>
        <translation>此磁盘可用空间：%1（约需 %2）。</translation>
    </message>
    <message>
        <source>Not enough free space: %1 free, about %2 needed.</source>
        <translation>磁盘空间不足：可用 %1，约需 %2。</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <source>%1 is the source itself; choose another name.</source>
        <translation>%1 就是源文件本身，请换一个文件名。</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>替换文件？</translation>
    </message>
    <message>
        <source>These files already exist and will be replaced when the new ones are complete:
%1</source>
        <translation>以下文件已存在，新文件完成后将替换它们：
%1</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Files written to a library folder appear in Models as soon as they are complete.</source>
        <translation>写入模型库文件夹的文件一旦完成就会出现在“模型”页面中。</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Estimated size</source>
        <translation>预计大小</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>hearth::gui::QuantCatalog</name>
    <message>
        <source>reference</source>
        <translation>基准</translation>
    </message>
    <message>
        <source>lossless</source>
        <translation>无损</translation>
    </message>
    <message>
        <source>excellent</source>
        <translation>极好</translation>
    </message>
    <message>
        <source>very good</source>
        <translation>很好</translation>
    </message>
    <message>
        <source>good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>noticeable loss</source>
        <translation>有明显损失</translation>
    </message>
    <message>
        <source>large loss</source>
        <translation>损失较大</translation>
    </message>
</context>
<context>
    <name>hearth::gui::QuantizeWizard</name>
    <message>
        <source>Quantize a model</source>
        <translation>量化模型</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>hearth::gui::RunPage</name>
    <message>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Writing %1 (%2 of %3)</source>
        <translation>正在写入 %1（%2 / %3）</translation>
    </message>
    <message>
        <source>Tensor %1 of %2: %3</source>
        <translation>张量 %1 / %2：%3</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled: no file written</source>
        <translation>已取消：未写入任何文件</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Finished with errors</source>
        <translation>已完成，但有错误</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>%1 of %2 files written in %3.</source>
        <translation>已写入 %1 / %2 个文件，用时 %3。</translation>
    </message>
    <message>
        <source>They are in the library now.</source>
        <translation>它们已加入模型库。</translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source>about %1 remaining</source>
        <translation>约剩 %1</translation>
    </message>
    <message>
        <source>Converting</source>
        <translation>正在转换</translation>
    </message>
    <message>
        <source>The window stays usable; Cancel stops at the next tensor and leaves no partial file.</source>
        <translation>窗口可以照常使用；取消会在下一个张量处停止，不会留下不完整的文件。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Show in Models</source>
        <translation>在“模型”中查看</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>用它对话</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>总结</translation>
    </message>
    <message>
        <source>Each file&apos;s size before and after, and the time it took.</source>
        <translation>每个文件转换前后的大小和所用时间。</translation>
    </message>
    <message>
        <source>Converting tensor %1 of %2: %3</source>
        <translation>正在转换张量 %1 / %2：%3</translation>
    </message>
    <message>
        <source>Quantizing tensor %1 of %2: %3</source>
        <translation>正在量化张量 %1 / %2：%3</translation>
    </message>
</context>
<context>
    <name>hearth::gui::SamplingPanel</name>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Higher is more varied, 0 always picks the most likely token</source>
        <translation>越高越多样；为 0 时总是选择最可能的词元</translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0: no limit)</source>
        <translation>只从最可能的 k 个词元中采样（0：不限制）</translation>
    </message>
    <message>
        <source>Sample from the most likely tokens whose probabilities add up to p</source>
        <translation>只从累计概率达到 p 的最可能词元中采样</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the most likely one</source>
        <translation>丢弃概率低于最可能词元该比例的词元</translation>
    </message>
    <message>
        <source>Make recently used tokens less likely (1: off)</source>
        <translation>降低最近出现过的词元的概率（1：关闭）</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer; Random picks a new one each time</source>
        <translation>相同的种子和设置会得到相同的回答；“随机”每次都会换一个新种子</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>The longest answer, in tokens (∞: until the answer ends; the context policy below decides when the context is full)</source>
        <translation>回答的最大长度（词元）（∞：直到回答结束；上下文满时由下方的上下文策略决定）</translation>
    </message>
    <message>
        <source>When the conversation outgrows the context</source>
        <translation>对话超出上下文时</translation>
    </message>
    <message>
        <source>Stop at the limit</source>
        <translation>到达上限时停止</translation>
    </message>
    <message>
        <source>Leave out the middle of the chat</source>
        <translation>省略对话的中间部分</translation>
    </message>
    <message>
        <source>Rolling window (forget the oldest)</source>
        <translation>滚动窗口（遗忘最早的内容）</translation>
    </message>
    <message>
        <source>Stop: the chat ends when the context is full. Leave out the middle: the system prompt and the first exchange stay, older turns after them are not shown to the model. Rolling window: only the latest turns are kept, and a long answer shifts the context.</source>
        <translation>停止：上下文满时对话结束。省略中间部分：保留系统提示词和第一轮问答，之后较旧的轮次不再提供给模型。滚动窗口：只保留最近的轮次，较长的回答会平移上下文。</translation>
    </message>
</context>
<context>
    <name>hearth::gui::SettingsDialog</name>
    <message>
        <source>Add a library folder</source>
        <translation>添加模型库文件夹</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The interface switches as soon as you press OK.</source>
        <translation>按下“确定”后界面会立即切换。</translation>
    </message>
    <message>
        <source>Library folders</source>
        <translation>模型库文件夹</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>hearth::gui::SourceInspection</name>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 不存在</translation>
    </message>
    <message>
        <source>%1 is not a Hugging Face model folder: it has no config.json</source>
        <translation>%1 不是 Hugging Face 模型文件夹：其中没有 config.json</translation>
    </message>
    <message>
        <source>%1 has no weights (no *.safetensors files)</source>
        <translation>%1 中没有权重（找不到 *.safetensors 文件）</translation>
    </message>
</context>
<context>
    <name>hearth::gui::SourcePage</name>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Choose a GGUF model to requantize</source>
        <translation>选择要重新量化的 GGUF 模型</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>This cannot be converted: %1</source>
        <translation>无法转换：%1</translation>
    </message>
    <message>
        <source>A GGUF model: it can be requantized to another type.</source>
        <translation>GGUF 模型：可以重新量化为其他类型。</translation>
    </message>
    <message>
        <source>A Hugging Face model folder: it can be converted and quantized.</source>
        <translation>Hugging Face 模型文件夹：可以转换并量化。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 in %n safetensors file(s)</source>
        <translation>
            <numerusform>%1，%2，共 %n 个 safetensors 文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>none found: the model cannot be used for chat</source>
        <translation>未找到：此模型无法用于对话</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>included</source>
        <translation>已包含</translation>
    </message>
    <message>
        <source>none (a generic template will be used)</source>
        <translation>无（将使用通用模板）</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文长度</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Drop a Hugging Face model folder (config.json and *.safetensors) or a GGUF file anywhere on the window, or choose one.</source>
        <translation>将 Hugging Face 模型文件夹（含 config.json 和 *.safetensors）或 GGUF 文件拖到窗口任意位置，或手动选择。</translation>
    </message>
    <message>
        <source>Drop a model folder or a .gguf file here</source>
        <translation>将模型文件夹或 .gguf 文件拖到这里</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Choose GGUF file…</source>
        <translation>选择 GGUF 文件…</translation>
    </message>
    <message>
        <source>Path of a model folder or GGUF file</source>
        <translation>模型文件夹或 GGUF 文件的路径</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>检测结果</translation>
    </message>
</context>
<context>
    <name>hearth::gui::StepIndicator</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Types</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
</context>
<context>
    <name>hearth::gui::TargetPage</name>
    <message>
        <source>estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 perplexity on %2</source>
        <translation>困惑度 %1（%2 上测得）</translation>
    </message>
    <message>
        <source>the unquantized reference</source>
        <translation>未量化的基准</translation>
    </message>
    <message>
        <source>Tick at least one type.</source>
        <translation>请至少勾选一种类型。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), about %1 in total.</source>
        <translation>
            <numerusform>共 %n 个文件，总计约 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Target types</source>
        <translation>目标类型</translation>
    </message>
    <message>
        <source>Smaller types use less memory and run faster but lose some quality. Q4_K_M is a good balance; tick several to compare.</source>
        <translation>更小的类型占用内存更少、运行更快，但会损失一些质量。Q4_K_M 是不错的平衡；可以勾选多个进行比较。</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <source>Size for this model</source>
        <translation>此模型的大小</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Quality cost (published by llama.cpp)</source>
        <translation>质量损失（llama.cpp 公布的数据）</translation>
    </message>
    <message>
        <source>not possible</source>
        <translation>无法生成</translation>
    </message>
    <message>
        <source>%1 cannot be made from this model: %2</source>
        <translation>无法从此模型生成 %1：%2</translation>
    </message>
    <message>
        <source>This file is already quantized (%1). Every type made from it loses quality again, and F16, BF16 or F32 cannot bring back what was lost. Use the original (unquantized) model if you have it; otherwise tick a type on purpose — none is preselected.</source>
        <translation>此文件已经量化（%1）。由它生成的任何类型都会再次损失质量，F16、BF16 或 F32 也无法找回已损失的精度。如有原始（未量化）模型请使用原始模型；否则请有意识地勾选类型——不会预先选中任何类型。</translation>
    </message>
    <message>
        <source>loses quality again</source>
        <translation>再次损失质量</translation>
    </message>
    <message>
        <source>no better than the source</source>
        <translation>不会优于源文件</translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation>无法生成：%1</translation>
    </message>
</context>
<context>
    <name>hearth::gui::TypeHistogram</name>
    <message numerus="yes">
        <source>%n tensor(s) · %1</source>
        <translation>
            <numerusform>%n 个张量 · %1</numerusform>
        </translation>
    </message>
</context>
</TS>
