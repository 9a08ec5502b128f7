<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>hearth::gui::AnswerStream</name>
    <message>
        <source>Reached the token limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The context is full</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ChatPane</name>
    <message>
        <source>Choose a model first: add one on the Models page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load the model: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: how the assistant should behave in this chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory and offload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model to chat with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask anything.
Answers are written on this computer; nothing leaves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model yet. Add a GGUF file or convert a Hugging Face model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the system prompt, sampling and memory settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::CodeBlockWidget</name>
    <message>
        <source>code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::Composer</name>
    <message>
        <source>Write a message… (Enter sends, Shift+Enter adds a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop writing the answer (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ConversationList</name>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1” and all its messages?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ConversationStore</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the chat history %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a chat history database: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chat history %1 was written by a newer version of Hearth (schema %2; this version reads up to %3). It was left unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::DropRouter</name>
    <message>
        <source>Only files and folders can be dropped here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is neither a Hugging Face model folder (no config.json) nor a folder of GGUF files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a model: drop a .gguf file or a Hugging Face model folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop to convert and quantize
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Drop to add %n model(s) to the library</source>
        <translation>
            <numerusform>Drop to add %n model to the library</numerusform>
            <numerusform>Drop to add %n models to the library</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop to add this folder to the library
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::EngineBackend</name>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>CPU, %n thread(s)</source>
        <translation>
            <numerusform>CPU, %n thread</numerusform>
            <numerusform>CPU, %n threads</numerusform>
        </translation>
    </message>
    <message>
        <source>The conversation (%1 tokens) does not fit in the context of %2 tokens. Start a new chat, choose a larger context size in Memory and offload, or let the chat leave out old turns (Sampling: when the conversation outgrows the context).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1/%2 layers on %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU stopped responding (%1). Hearth now runs this model on the CPU: send your message again. Reload to try the GPU again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::Format</name>
    <message>
        <source>%1 KiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 TiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::MainWindow</name>
    <message>
        <source>Converting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chats are not saved in this session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) cut off when Hearth last closed were kept.</source>
        <translation>
            <numerusform>%n answer cut off when Hearth last closed was kept.</numerusform>
            <numerusform>%n answers cut off when Hearth last closed were kept.</numerusform>
        </translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Hearth %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs large language models on your own PC. Models are converted, quantized and run on this computer; nothing is sent anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;model file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add library &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Convert a Hugging Face folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A conversion is running; drop the folder again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Added %n model(s) to the library</source>
        <translation>
            <numerusform>Added %n model to the library</numerusform>
            <numerusform>Added %n models to the library</numerusform>
        </translation>
    </message>
    <message>
        <source>Added the library folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit Hearth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A conversion is still running. Stop it and quit? The unfinished file is removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vulkan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU kernels: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hearth uses Qt (LGPL-3.0), PCRE2 (BSD), SentencePiece (Apache-2.0), SQLite (public domain), cpp-httplib (MIT), nlohmann/json (MIT) and CLI11 (BSD). GGUF is the file format of the llama.cpp project. Their licences are in the licenses folder beside the program (Windows) or in /usr/share/doc (Linux).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::MemorySplitView</name>
    <message>
        <source>Select a model to see where its memory goes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU memory (planned)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System RAM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 usable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block %1 weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV cache</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scratch buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept free: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Block weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scratch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Does not fit: %1 more needed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::MessageWidget</name>
    <message>
        <source>Writing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted: Hearth closed while this answer was being written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit and send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write this answer again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelBrowser</name>
    <message>
        <source>Chat with this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a library folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move “%1” (%2) to the trash?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is removed from the library and from the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be moved to the trash (%2). Delete it permanently?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” could not be deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, architecture or quantization…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the library folders again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No models yet.

Drop a .gguf file or a Hugging Face model folder anywhere on this window,
or add a folder that holds GGUF files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) in %1</source>
        <translation>
            <numerusform>%n model in %1</numerusform>
            <numerusform>%n models in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>no folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert a Hugging Face model…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelDetailsPane</name>
    <message>
        <source>Select a model to see its details.

Drop a .gguf file or a Hugging Face folder anywhere on this window to add it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;This file cannot be used.&lt;/b&gt;&lt;br&gt;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 in %n tensor(s)</source>
        <translation>
            <numerusform>%1 in %n tensor</numerusform>
            <numerusform>%1 in %n tensors</numerusform>
        </translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (a generic template is used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelLibrary</name>
    <message>
        <source>the file could not be removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelScanner</name>
    <message>
        <source>%1: the file has no general.architecture key, so it cannot be run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::ModelTableModel</name>
    <message>
        <source>Unreadable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::OffloadPanel</name>
    <message>
        <source>Choose a model to plan its memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens (trained: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This plan needs more system memory than is free. Choose a smaller context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This plan does not fit the GPU. Use fewer GPU layers or a smaller context, or press Auto.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total: %1 (GPU %2, system %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan for a GPU of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put as many layers on the GPU as fit, keeping the margin free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload the model to apply these settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No memory estimate for this file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers on the GPU run on %1 (%2, %3 free); the rest run on the CPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planning for another GPU: every layer runs on the CPU until you choose a device above. The GPU bar shows what a GPU of the size below would hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No GPU backend is available: %1 Hearth runs every layer on the CPU. The GPU bar shows what a GPU of the size below would hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plan for another GPU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::OutputPage</name>
    <message>
        <source>Choose the output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free on this disk: %1 (about %2 needed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough free space: %1 free, about %2 needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the source itself; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These files already exist and will be replaced when the new ones are complete:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files written to a library folder appear in Models as soon as they are complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Estimated size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::QuantCatalog</name>
    <message>
        <source>reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lossless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>excellent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>very good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>noticeable loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>large loss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::QuantizeWizard</name>
    <message>
        <source>Quantize a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::RunPage</name>
    <message>
        <source>Preparing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing %1 (%2 of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tensor %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: no file written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished with errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 files written in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They are in the library now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about %1 remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The window stays usable; Cancel stops at the next tensor and leaves no partial file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each file&apos;s size before and after, and the time it took.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Converting tensor %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantizing tensor %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::SamplingPanel</name>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Higher is more varied, 0 always picks the most likely token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample only from the k most likely tokens (0: no limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample from the most likely tokens whose probabilities add up to p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the most likely one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make recently used tokens less likely (1: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed and settings give the same answer; Random picks a new one each time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest answer, in tokens (∞: until the answer ends; the context policy below decides when the context is full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the conversation outgrows the context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop at the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out the middle of the chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling window (forget the oldest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop: the chat ends when the context is full. Leave out the middle: the system prompt and the first exchange stay, older turns after them are not shown to the model. Rolling window: only the latest turns are kept, and a long answer shifts the context.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::SettingsDialog</name>
    <message>
        <source>Add a library folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The interface switches as soon as you press OK.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::SourceInspection</name>
    <message>
        <source>%1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Hugging Face model folder: it has no config.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no weights (no *.safetensors files)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::SourcePage</name>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GGUF model to requantize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This cannot be converted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GGUF model: it can be requantized to another type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Hugging Face model folder: it can be converted and quantized.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 in %n safetensors file(s)</source>
        <translation>
            <numerusform>%1, %2 in %n safetensors file</numerusform>
            <numerusform>%1, %2 in %n safetensors files</numerusform>
        </translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none found: the model cannot be used for chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none (a generic template will be used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a Hugging Face model folder (config.json and *.safetensors) or a GGUF file anywhere on the window, or choose one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a model folder or a .gguf file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a model folder or GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was found</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::StepIndicator</name>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::TargetPage</name>
    <message>
        <source>estimating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 perplexity on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the unquantized reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), about %1 in total.</source>
        <translation>
            <numerusform>%n file, about %1 in total.</numerusform>
            <numerusform>%n files, about %1 in total.</numerusform>
        </translation>
    </message>
    <message>
        <source>Target types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smaller types use less memory and run faster but lose some quality. Q4_K_M is a good balance; tick several to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bits per weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size for this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality cost (published by llama.cpp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not possible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be made from this model: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is already quantized (%1). Every type made from it loses quality again, and F16, BF16 or F32 cannot bring back what was lost. Use the original (unquantized) model if you have it; otherwise tick a type on purpose — none is preselected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loses quality again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no better than the source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hearth::gui::TypeHistogram</name>
    <message numerus="yes">
        <source>%n tensor(s) · %1</source>
        <translation>
            <numerusform>%n tensor · %1</numerusform>
            <numerusform>%n tensors · %1</numerusform>
        </translation>
    </message>
</context>
</TS>
