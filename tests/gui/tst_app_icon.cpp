// The Windows icon (installer/hearth.ico: hearth.exe's resource, the installer's and the .gguf
// association's icon) is the app's logo as the app itself paints it (hearth_logo()), one PNG
// frame per size. `HEARTH_UPDATE_ICON=1 build/release/tests/gui/hearth-gui-app_icon` rewrites
// the file after a change to the logo; without it the test fails until someone does.
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QPixmap>
#include <QtEndian>
#include <QtTest>

#include "window/navigation_bar.h"

namespace {

const QString kIconPath = QStringLiteral(HEARTH_SOURCE_DIR "/installer/hearth.ico");
constexpr int kSizes[] = {16, 24, 32, 48, 64, 128, 256};

QImage logo_at(int size) {
  return hearth::gui::hearth_logo().pixmap(size, size).toImage().convertToFormat(QImage::Format_ARGB32);
}

// ICO container (ICONDIR, one 16-byte ICONDIRENTRY per frame, then the frames), with PNG frames
// as Windows Vista and later read them. Widths of 256 are stored as 0.
QByteArray ico_from_frames(const QList<QByteArray>& pngs, const QList<int>& sizes) {
  QByteArray out;
  auto put16 = [&](quint16 v) { out.append(char(v & 0xff)).append(char(v >> 8)); };
  auto put32 = [&](quint32 v) { put16(quint16(v & 0xffff)); put16(quint16(v >> 16)); };
  put16(0);
  put16(1);  // 1 = icon
  put16(quint16(pngs.size()));
  quint32 offset = 6 + 16 * quint32(pngs.size());
  for (qsizetype i = 0; i < pngs.size(); ++i) {
    const auto dim = char(sizes[i] >= 256 ? 0 : sizes[i]);
    out.append(dim).append(dim).append(char(0)).append(char(0));
    put16(1);   // colour planes
    put16(32);  // bits per pixel
    put32(quint32(pngs[i].size()));
    put32(offset);
    offset += quint32(pngs[i].size());
  }
  for (const QByteArray& png : pngs) out.append(png);
  return out;
}

struct IcoFrame {
  int size = 0;
  QImage image;
};

QList<IcoFrame> read_ico(const QByteArray& data) {
  QList<IcoFrame> frames;
  if (data.size() < 6) return frames;
  const auto* bytes = reinterpret_cast<const uchar*>(data.constData());
  const int count = qFromLittleEndian<quint16>(bytes + 4);
  for (int i = 0; i < count; ++i) {
    const qsizetype entry = 6 + 16 * qsizetype(i);
    if (entry + 16 > data.size()) return {};
    const int size = bytes[entry] == 0 ? 256 : bytes[entry];
    const quint32 length = qFromLittleEndian<quint32>(bytes + entry + 8);
    const quint32 offset = qFromLittleEndian<quint32>(bytes + entry + 12);
    if (qsizetype(offset) + qsizetype(length) > data.size()) return {};
    QImage image = QImage::fromData(data.mid(offset, length), "PNG");
    frames.append({size, image.convertToFormat(QImage::Format_ARGB32)});
  }
  return frames;
}

int max_channel_difference(const QImage& a, const QImage& b) {
  int worst = 0;
  for (int y = 0; y < a.height(); ++y) {
    for (int x = 0; x < a.width(); ++x) {
      const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
      worst = std::max({worst, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                        std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
    }
  }
  return worst;
}

}  // namespace

class AppIconTest : public QObject {
  Q_OBJECT
 private slots:
  void update_when_asked() {
    if (qEnvironmentVariable("HEARTH_UPDATE_ICON") != QStringLiteral("1")) QSKIP("HEARTH_UPDATE_ICON is not 1");
    QList<QByteArray> pngs;
    QList<int> sizes;
    for (int size : kSizes) {
      QByteArray png;
      QBuffer buffer(&png);
      buffer.open(QIODevice::WriteOnly);
      QVERIFY(logo_at(size).save(&buffer, "PNG"));
      pngs.append(png);
      sizes.append(size);
    }
    QFile file(kIconPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(ico_from_frames(pngs, sizes));
  }

  void icon_file_is_the_logo_at_every_size() {
    QFile file(kIconPath);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(kIconPath));
    const QList<IcoFrame> frames = read_ico(file.readAll());
    QCOMPARE(frames.size(), qsizetype(std::size(kSizes)));
    for (qsizetype i = 0; i < frames.size(); ++i) {
      QCOMPARE(frames[i].size, kSizes[i]);
      QCOMPARE(frames[i].image.size(), QSize(kSizes[i], kSizes[i]));
      // Antialiasing may round differently between builds of Qt's raster engine; the shapes and
      // colours may not differ.
      QVERIFY2(max_channel_difference(frames[i].image, logo_at(kSizes[i])) <= 8,
               qPrintable(QStringLiteral("frame %1 differs from hearth_logo(); run with HEARTH_UPDATE_ICON=1").arg(kSizes[i])));
    }
  }
};

QTEST_MAIN(AppIconTest)
#include "tst_app_icon.moc"
