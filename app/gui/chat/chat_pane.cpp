#include "chat/chat_pane.h"

#include <QComboBox>
#include <QEvent>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVariant>
#include <QVBoxLayout>

#include "chat/answer_stream.h"
#include "chat/chat_view.h"
#include "chat/composer.h"
#include "chat/conversation_list.h"
#include "chat/message_widget.h"
#include "chat/sampling_panel.h"
#include "common/eliding_combo_box.h"
#include "common/format.h"
#include "common/theme.h"
#include "engine/inference_worker.h"
#include "library/model_library.h"
#include "offload/offload_panel.h"
#include "window/settings.h"

namespace hearth::gui {

namespace {
constexpr int kTitleLength = 48;  // characters of the first message used as a chat's title

QString title_from(const QString& text) {
  QString t = text.simplified();
  if (t.size() > kTitleLength) t = t.left(kTitleLength - 1) + QStringLiteral("…");
  return t;
}
}  // namespace

ChatPane::ChatPane(ConversationStore* store, InferenceController* engine, ModelLibrary* library, Settings* settings,
                   QWidget* parent)
    : QWidget(parent), store_(store), engine_(engine), library_(library), settings_(settings) {
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  splitter_ = new QSplitter(Qt::Horizontal);
  splitter_->setChildrenCollapsible(false);
  outer->addWidget(splitter_);

  // Left: conversations.
  list_ = new ConversationList(store_);
  list_->setMinimumWidth(180);
  splitter_->addWidget(list_);

  // Middle: model bar, messages, composer.
  auto* center = new QWidget;
  auto* center_layout = new QVBoxLayout(center);
  center_layout->setContentsMargins(0, 0, 0, 0);
  center_layout->setSpacing(0);
  auto* model_bar = new QWidget;
  model_bar->setObjectName(QStringLiteral("modelBar"));
  model_bar->setStyleSheet(QStringLiteral("#modelBar { background: white; border-bottom: 1px solid #dde0e5; }"));
  auto* bar_layout = new QHBoxLayout(model_bar);
  bar_layout->setContentsMargins(16, 8, 16, 8);
  model_picker_ = new ElidingComboBox;
  model_picker_->setMinimumWidth(280);
  model_picker_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  load_ = new QPushButton;
  load_progress_ = new QProgressBar;
  load_progress_->setRange(0, 1000);
  load_progress_->setMaximumWidth(160);
  load_progress_->setTextVisible(false);
  load_progress_->hide();
  model_state_ = new QLabel;
  model_state_->setStyleSheet(QStringLiteral("color: #6a707a;"));
  model_state_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the bar
  model_picker_->setMaximumWidth(520);
  no_model_ = new QWidget;
  auto* no_model_layout = new QHBoxLayout(no_model_);
  no_model_layout->setContentsMargins(0, 0, 0, 0);
  no_model_text_ = new QLabel;
  no_model_text_->setWordWrap(true);
  no_model_text_->setStyleSheet(QStringLiteral("font-weight: 600;"));
  go_to_models_ = new QPushButton;
  go_to_models_->setProperty("accent", true);
  connect(go_to_models_, &QPushButton::clicked, this, &ChatPane::models_page_requested);
  no_model_layout->addWidget(no_model_text_, 1);
  no_model_layout->addWidget(go_to_models_);
  bar_layout->addWidget(no_model_, 1);
  bar_layout->addWidget(model_picker_, 3);
  bar_layout->addWidget(load_);
  bar_layout->addWidget(load_progress_);
  bar_layout->addWidget(model_state_, 1);
  // Hides the settings panel on the right (remembered), giving the conversation the room.
  side_toggle_ = new QPushButton;
  side_toggle_->setCheckable(true);
  bar_layout->addWidget(side_toggle_);
  center_layout->addWidget(model_bar);
  view_ = new ChatView;
  center_layout->addWidget(view_, 1);
  // The composer sits in the same centred column as the messages (same margins, same width).
  auto* composer_row = new QWidget;
  composer_row->setObjectName(QStringLiteral("composer"));
  composer_row->setStyleSheet(QStringLiteral("#composer { background: #f4f5f7; }"));
  composer_row->setAttribute(Qt::WA_StyledBackground);
  auto* composer_layout = new QHBoxLayout(composer_row);
  composer_layout->setContentsMargins(24 - 12, 0, 24 - 12, 0);  // the composer adds 12 of its own
  composer_ = new Composer;
  composer_->setMaximumWidth(kChatColumnWidth + 2 * 12);
  composer_layout->addWidget(composer_, 1);
  center_layout->addWidget(composer_row);
  splitter_->addWidget(center);

  // Right: system prompt, sampling, memory and offload.
  auto* side = new QWidget;
  auto* side_layout = new QVBoxLayout(side);
  side_layout->setContentsMargins(8, 4, 12, 12);
  side_layout->setSpacing(8);
  prompt_box_ = new QGroupBox;
  auto* prompt_layout = new QVBoxLayout(prompt_box_);
  system_prompt_ = new QPlainTextEdit;
  system_prompt_->setFixedHeight(72);
  prompt_layout->addWidget(system_prompt_);
  side_layout->addWidget(prompt_box_);
  sampling_box_ = new QGroupBox;
  auto* sampling_layout = new QVBoxLayout(sampling_box_);
  sampling_ = new SamplingPanel;
  sampling_->set_values(settings_->sampling());
  sampling_layout->addWidget(sampling_);
  side_layout->addWidget(sampling_box_);
  offload_box_ = new QGroupBox;
  auto* offload_layout = new QVBoxLayout(offload_box_);
  offload_ = new OffloadPanel(settings_);
  offload_layout->addWidget(offload_);
  side_layout->addWidget(offload_box_);
  side_layout->addStretch(1);
  auto* side_scroll = new QScrollArea;
  side_scroll->setWidget(side);
  side_scroll->setWidgetResizable(true);
  side_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  side_scroll->setMinimumWidth(330);
  splitter_->addWidget(side_scroll);
  side_panel_ = side_scroll;

  splitter_->setStretchFactor(0, 0);
  splitter_->setStretchFactor(1, 1);
  splitter_->setStretchFactor(2, 0);
  layout_restored_ = splitter_->restoreState(settings_->splitter_state(QStringLiteral("chat")));

  const QVariant side_saved = settings_->value(QStringLiteral("chat/sidePanel"));
  side_remembered_ = side_saved.isValid();
  set_side_panel_visible(side_saved.isValid() ? side_saved.toBool() : true);
  connect(side_toggle_, &QPushButton::toggled, this, [this](bool shown) {
    set_side_panel_visible(shown);
    side_remembered_ = true;
    settings_->set_value(QStringLiteral("chat/sidePanel"), shown);
  });

  // Wiring.
  connect(list_, &ConversationList::conversation_selected, this, &ChatPane::open_conversation);
  connect(list_, &ConversationList::new_chat_requested, this, [this] { open_conversation(0); });
  connect(composer_, &Composer::send_requested, this, &ChatPane::send);
  connect(composer_, &Composer::stop_requested, this, &ChatPane::stop);
  connect(view_, &ChatView::regenerate_requested, this, [this](MessageWidget*) { regenerate(); });
  connect(view_, &ChatView::edit_submitted, this, &ChatPane::on_edit_submitted);
  connect(sampling_, &SamplingPanel::changed, this, [this](const SamplingSettings& s) { settings_->set_sampling(s); });
  connect(system_prompt_, &QPlainTextEdit::textChanged, this, [this] {
    if (conversation_ != 0) store_->set_system_prompt(conversation_, system_prompt_->toPlainText());
  });
  connect(model_picker_, &QComboBox::currentIndexChanged, this, [this] {
    offload_->set_model(selected_model());
    update_load_ui();
  });
  connect(load_, &QPushButton::clicked, this, [this] {
    if (load_when_planned_) {
      load_when_planned_ = false;
      update_load_ui();
    } else if (engine_->loading()) {
      engine_->cancel_load();
    } else {
      load_selected();
    }
  });
  connect(offload_, &OffloadPanel::reload_requested, this, &ChatPane::load_selected);
  connect(offload_, &OffloadPanel::model_ready, this, [this] {
    if (load_when_planned_ && offload_->model_path() == selected_model()) {
      load_when_planned_ = false;
      load_selected();
    }
  });
  connect(offload_, &OffloadPanel::load_settings_changed, this, [this] { update_load_ui(); });
  connect(library_, &ModelLibrary::scan_finished, this, &ChatPane::fill_model_picker);

  connect(engine_, &InferenceController::load_progress, this, [this](double f) { load_progress_->setValue(int(f * 1000)); });
  connect(engine_, &InferenceController::loaded, this, &ChatPane::on_loaded);
  connect(engine_, &InferenceController::load_failed, this, &ChatPane::on_load_failed);
  connect(engine_, &InferenceController::text, this, &ChatPane::on_text);
  connect(engine_, &InferenceController::finished, this, &ChatPane::on_finished);

  fill_model_picker();
  retranslate();
  // Reopen the most recent chat.
  const auto chats = store_->is_open() ? store_->conversations() : QList<ConversationInfo>{};
  open_conversation(chats.isEmpty() ? 0 : chats.first().id);
}

ChatPane::~ChatPane() = default;

void ChatPane::save_layout() { settings_->set_splitter_state(QStringLiteral("chat"), splitter_->saveState()); }

QString ChatPane::selected_model() const { return model_picker_->currentData().toString(); }

bool ChatPane::generating() const { return stream_ != nullptr; }

void ChatPane::fill_model_picker() {
  const QString keep = model_picker_->count() ? selected_model() : settings_->last_model();
  const QSignalBlocker block(model_picker_);
  model_picker_->clear();
  for (const auto& e : library_->entries()) {
    if (!e.readable()) continue;
    model_picker_->addItem(QStringLiteral("%1 · %2 · %3").arg(QFileInfo(e.file_name).completeBaseName(), e.file_type,
                                                             format_bytes(e.size_on_disk)),
                           e.path);
  }
  int index = model_picker_->findData(keep);
  if (index < 0 && engine_->has_model()) index = model_picker_->findData(engine_->loaded_model().path);
  model_picker_->setCurrentIndex(index >= 0 ? index : (model_picker_->count() ? 0 : -1));
  offload_->set_model(selected_model());
  update_load_ui();
}

void ChatPane::chat_with(const QString& model_path) {
  int index = model_picker_->findData(model_path);
  if (index < 0) {
    // Not listed yet (e.g. just written by the wizard): list it now, the scan will confirm.
    const QFileInfo info(model_path);
    model_picker_->addItem(info.completeBaseName(), model_path);
    index = model_picker_->count() - 1;
  }
  model_picker_->setCurrentIndex(index);
  if (!engine_->has_model() || engine_->loaded_model().path != model_path) load_selected();
}

void ChatPane::load_selected() {
  const QString path = selected_model();
  if (path.isEmpty()) {
    emit message(tr("Choose a model first: add one on the Models page."), 5000);
    return;
  }
  if (generating()) stop();
  if (offload_->model_path() != path || offload_->reading()) {
    // The load uses the offload card's context size and layers for THIS model: wait until
    // the card has read it.
    load_when_planned_ = true;
    offload_->set_model(path);
    update_load_ui();
    return;
  }
  engine_->load(path, offload_->load_settings());
  load_progress_->setValue(0);
  update_load_ui();
}

void ChatPane::on_loaded(const LoadedModelInfo& info) {
  settings_->set_last_model(info.path);
  library_->mark_used(info.path);
  offload_->set_loaded_state(info.path, engine_->loaded_settings());
  if (conversation_ != 0) store_->set_model(conversation_, info.path);
  emit model_status_changed(info.name, info.device);
  emit message(tr("Loaded %1").arg(info.name), 4000);
  update_load_ui();
  if (send_after_load_) {
    send_after_load_ = false;
    start_answer();
  }
}

void ChatPane::on_load_failed(const QString& error, bool cancelled) {
  offload_->set_loaded_state({}, {});
  emit model_status_changed({}, {});
  update_load_ui();
  if (send_after_load_) {
    send_after_load_ = false;
    // The question stays; say on it why no answer came.
    if (!cancelled && conversation_ != 0) {
      const qint64 id = store_->append_message(conversation_, ChatRole::Assistant, {}, MessageState::Failed);
      store_->update_message(id, {}, MessageState::Failed, 0, 0, error);
      MessageWidget* w = view_->add_message(ChatRole::Assistant, {}, MessageState::Failed);
      w->set_message_id(id);
      w->set_state(MessageState::Failed, 0, 0, error);
      view_->update_actions(false);
    }
  }
  emit message(cancelled ? tr("Loading cancelled") : tr("Could not load the model: %1").arg(error), cancelled ? 4000 : 0);
}

void ChatPane::update_load_ui() {
  const bool loading = engine_->loading() || load_when_planned_;
  load_progress_->setVisible(loading);
  model_picker_->setEnabled(!loading);
  const QString selected = selected_model();
  const bool loaded_here = engine_->has_model() && engine_->loaded_model().path == selected;
  if (loading) {
    load_->setText(tr("Cancel"));
    model_state_->setText(tr("Loading…"));
  } else if (loaded_here) {
    const bool same = engine_->loaded_settings() == offload_->load_settings();
    load_->setText(same ? tr("Loaded") : tr("Reload"));
    load_->setEnabled(!same);
    model_state_->setText(engine_->loaded_model().device);
  } else {
    load_->setText(tr("Load"));
    load_->setEnabled(!selected.isEmpty());
    model_state_->setText(selected.isEmpty() ? QString() : tr("Not loaded"));
  }
  if (loading) load_->setEnabled(true);
  // No model at all: say what to do in the conversation area, where there is room, and keep
  // Send off so nothing is stored that no model will answer.
  const bool no_model = selected.isEmpty() && !engine_->has_model();
  composer_->set_can_send(!no_model);
  no_model_->setVisible(no_model);
  load_->setVisible(!no_model);
  model_picker_->setVisible(!no_model);
}

void ChatPane::ensure_conversation(const QString& first_message) {
  if (conversation_ != 0) return;
  conversation_ = store_->create_conversation(title_from(first_message), system_prompt_->toPlainText(), selected_model());
  list_->select(conversation_);
}

void ChatPane::send(const QString& text) {
  if (generating() || text.trimmed().isEmpty()) return;
  if (selected_model().isEmpty()) {
    // Never store a message no model will answer (it would be answered, stale, by a later load).
    emit message(tr("Choose a model first: add one on the Models page."), 5000);
    return;
  }
  ensure_conversation(text);
  const qint64 id = store_->append_message(conversation_, ChatRole::User, text, MessageState::Complete);
  view_->add_message(ChatRole::User, text)->set_message_id(id);
  const bool ready = engine_->has_model() && engine_->loaded_model().path == selected_model() && !engine_->loading();
  if (!ready) {
    send_after_load_ = true;
    if (!engine_->loading() || engine_->loaded_model().path != selected_model()) load_selected();
    return;
  }
  start_answer();
}

void ChatPane::start_answer() {
  QList<ChatTurn> turns;
  const QString prompt = system_prompt_->toPlainText().trimmed();
  if (!prompt.isEmpty()) turns << ChatTurn{ChatRole::System, prompt};
  for (const auto& m : store_->messages(conversation_)) {
    if (m.state == MessageState::Failed || m.content.isEmpty()) continue;
    turns << ChatTurn{m.role, m.content};
  }
  const qint64 id = store_->append_message(conversation_, ChatRole::Assistant, {}, MessageState::Streaming);
  MessageWidget* widget = view_->add_message(ChatRole::Assistant, {}, MessageState::Streaming);
  widget->set_message_id(id);
  stream_ = std::make_unique<AnswerStream>(store_, id, widget);
  connect(stream_.get(), &AnswerStream::shown, this, [this] {
    if (stream_ && stream_->seconds() > 0.5) emit speed_changed(stream_->pieces() / stream_->seconds());
  });
  request_ = engine_->generate(turns, sampling_->values());
  set_busy(true);
  if (request_ == 0) {
    GenerationStats failed;
    failed.reason = FinishReason::Error;
    failed.error = tr("No model is loaded.");
    on_finished(0, failed);
  }
}

void ChatPane::on_text(quint64 request, const QString& piece) {
  if (stream_ && request == request_) stream_->append(piece);
}

void ChatPane::on_finished(quint64 request, const GenerationStats& stats) {
  if (!stream_ || request != request_) return;
  stream_->finish(stats);
  stream_.reset();
  request_ = 0;
  set_busy(false);
  if (!stats.now_running_on.isEmpty()) update_load_ui();  // where the model runs now
  if (stats.generated_tokens > 0) emit speed_changed(stats.tokens_per_second());
}

void ChatPane::stop() {
  if (generating()) engine_->stop();
  if (send_after_load_ && engine_->loading()) {
    send_after_load_ = false;
    engine_->cancel_load();
  }
}

void ChatPane::regenerate() {
  if (generating() || conversation_ == 0) return;
  MessageWidget* last = view_->last();
  if (!last || last->role() != ChatRole::Assistant) return;
  const int index = view_->index_of(last);
  store_->truncate(conversation_, index);
  view_->truncate(index);
  if (!engine_->has_model() || engine_->loaded_model().path != selected_model()) {
    send_after_load_ = true;
    load_selected();
    return;
  }
  start_answer();
}

void ChatPane::on_edit_submitted(MessageWidget* message, const QString& text) {
  if (generating() || conversation_ == 0) return;
  const int index = view_->index_of(message);
  if (index < 0) return;
  store_->truncate(conversation_, index);
  view_->truncate(index);
  send(text);
}

void ChatPane::open_conversation(qint64 id) {
  if (stream_) {
    // Keep writing the running answer into its own chat; just stop showing it.
    engine_->stop();
    stream_->detach_widget();
  }
  conversation_ = id;
  view_->clear();
  const QSignalBlocker block(system_prompt_);
  if (id == 0) {
    system_prompt_->setPlainText(settings_->default_system_prompt());
  } else {
    const ConversationInfo info = store_->conversation(id);
    system_prompt_->setPlainText(info.system_prompt);
    for (const auto& m : store_->messages(id)) view_->add_message(m);
  }
  list_->select(id);
  view_->update_actions(generating());
  view_->scroll_to_bottom();
  composer_->editor()->setFocus();
}

void ChatPane::set_busy(bool busy) {
  composer_->set_busy(busy);
  view_->update_actions(busy);
  emit busy_changed(busy);
}

void ChatPane::set_side_panel_visible(bool shown) {
  side_panel_->setVisible(shown);
  const QSignalBlocker block(side_toggle_);
  side_toggle_->setChecked(shown);
  side_toggle_->setText(shown ? tr("Hide settings") : tr("Settings"));
}

void ChatPane::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  // First run on a small window: the conversation needs the width more than the settings.
  if (!side_remembered_ && width() < 1000) set_side_panel_visible(false);
  if (!layout_restored_) {
    layout_restored_ = true;
    const int w = splitter_->width();
    splitter_->setSizes({230, w - 230 - 390, 390});
  }
}

void ChatPane::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && generating()) {
    stop();
    return;
  }
  QWidget::keyPressEvent(event);
}

void ChatPane::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void ChatPane::retranslate() {
  prompt_box_->setTitle(tr("System prompt"));
  system_prompt_->setPlaceholderText(tr("Optional: how the assistant should behave in this chat"));
  sampling_box_->setTitle(tr("Sampling"));
  offload_box_->setTitle(tr("Memory and offload"));
  model_picker_->setToolTip(tr("The model to chat with"));
  no_model_text_->setText(tr("No model yet. Add a GGUF file or convert a Hugging Face model first."));
  go_to_models_->setText(tr("Go to Models"));
  side_toggle_->setText(side_toggle_->isChecked() ? tr("Hide settings") : tr("Settings"));
  side_toggle_->setToolTip(tr("Show or hide the system prompt, sampling and memory settings"));
  view_->set_placeholder(tr("Ask anything.\nAnswers are written on this computer; nothing leaves it."));
  update_load_ui();
}

}  // namespace hearth::gui
